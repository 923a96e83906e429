package org.accessctl.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which of a badge's visits a tap means, and why none admits when none does. A visitor badge
 * is handed out again and again, so it has many visits; at most one is current.
 */
final class VisitChoice {

    private VisitChoice() {
    }

    /** The visit that admits now, if any. */
    static Optional<Visit> current(List<Visit> visits, Instant now) {
        return visits.stream().filter(v -> v.admitsAt(now)).findFirst();
    }

    /**
     * Why no visit of this badge admits now. A visit still to come wins (the visitor is early);
     * otherwise the latest visit says what happened to it.
     */
    static DenialReason whyNot(List<Visit> visits, Instant now) {
        boolean upcoming = visits.stream().anyMatch(v -> v.status() == Visit.Status.APPROVED
                && v.completedAt() == null && now.isBefore(v.validFrom()));
        if (upcoming) {
            return DenialReason.VISIT_NOT_STARTED;
        }
        Visit latest = visits.get(0);
        if (latest.status() != Visit.Status.APPROVED) {
            return DenialReason.VISIT_REVOKED;
        }
        if (latest.completedAt() != null) {
            return DenialReason.NO_VISIT; // the visitor already left: this visit is closed
        }
        return DenialReason.VISIT_EXPIRED;
    }
}
