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
 *
 * <p>Each half carries its window's end twice: {@code due} in elapsed time, which decides, and
 * {@code until} as a date, which only goes into the {@code escort_pending} event.
 */
final class EscortPairing {

    record PendingVisitor(String visitId, String badgeUid, Instant until, long due) {
    }

    /** @param admitted the escort already went in on their own badge (they hold {@code access}) */
    record PendingEscort(String personId, String badgeUid, Instant until, long due, boolean admitted) {
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
            escort = new PendingEscort(escort.personId(), escort.badgeUid(), escort.until(), escort.due(), true);
        }
    }

    /**
     * Forgets this person as the pending escort: their entry was held for a second person who
     * never came, so no visitor may follow them in on it.
     */
    void forgetEscort(String personId) {
        if (escort != null && escort.personId().equals(personId)) {
            escort = null;
        }
    }

    /** Removes and returns the visitors whose window has run out. */
    List<PendingVisitor> expiredVisitors(long now) {
        List<PendingVisitor> gone = new ArrayList<>();
        visitors.values().removeIf(v -> {
            if (now - v.due() >= 0) {
                gone.add(v);
                return true;
            }
            return false;
        });
        return gone;
    }

    /** Removes and returns the escort if their window has run out. */
    Optional<PendingEscort> expiredEscort(long now) {
        if (escort != null && now - escort.due() >= 0) {
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

    /** The earliest window end, in elapsed time. */
    Optional<Long> nextDeadline() {
        Long next = escort == null ? null : escort.due();
        for (PendingVisitor v : visitors.values()) {
            if (next == null || v.due() - next < 0) {
                next = v.due();
            }
        }
        return Optional.ofNullable(next);
    }
}
