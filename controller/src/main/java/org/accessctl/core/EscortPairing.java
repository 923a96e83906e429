package org.accessctl.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two-badge rule's memory: visitors who tapped and wait for an escort, and the staff
 * member who tapped last and may escort visitors for a while. Each half lasts
 * {@code escortWindow} from its tap and is never extended by another tap.
 */
final class EscortPairing {

    record PendingVisitor(String visitId, String badgeUid, Instant until) {
    }

    /** @param admitted the escort already went in on their own badge (they hold {@code access}) */
    record PendingEscort(String personId, String badgeUid, Instant until, boolean admitted) {
    }

    private final Map<String, PendingVisitor> visitors = new LinkedHashMap<>();
    private PendingEscort escort;

    Optional<PendingVisitor> visitor(String visitId) {
        return Optional.ofNullable(visitors.get(visitId));
    }

    List<PendingVisitor> visitors() {
        return List.copyOf(visitors.values());
    }

    void visitorWaits(PendingVisitor v) {
        visitors.put(v.visitId(), v);
    }

    void visitorPaired(String visitId) {
        visitors.remove(visitId);
    }

    Optional<PendingEscort> escort() {
        return Optional.ofNullable(escort);
    }

    void escortWaits(PendingEscort e) {
        escort = e;
    }

    void escortAdmitted() {
        if (escort != null) {
            escort = new PendingEscort(escort.personId(), escort.badgeUid(), escort.until(), true);
        }
    }

    /** Removes and returns the visitors whose window has run out. */
    List<PendingVisitor> expiredVisitors(Instant now) {
        List<PendingVisitor> gone = new ArrayList<>();
        visitors.values().removeIf(v -> {
            if (!now.isBefore(v.until())) {
                gone.add(v);
                return true;
            }
            return false;
        });
        return gone;
    }

    /** Removes and returns the escort if their window has run out. */
    Optional<PendingEscort> expiredEscort(Instant now) {
        if (escort != null && !now.isBefore(escort.until())) {
            PendingEscort gone = escort;
            escort = null;
            return Optional.of(gone);
        }
        return Optional.empty();
    }

    /** Forgets every pending half (after a fault: a pairing starts over). */
    void clear() {
        visitors.clear();
        escort = null;
    }

    Optional<Instant> nextDeadline() {
        Instant next = escort == null ? null : escort.until();
        for (PendingVisitor v : visitors.values()) {
            if (next == null || v.until().isBefore(next)) {
                next = v.until();
            }
        }
        return Optional.ofNullable(next);
    }
}
