package org.accessctl.core;

import java.util.Objects;

/**
 * Someone the entry rules have decided to let in, before the strike is released for them. The
 * door collects these while it handles one badge read and grants them together; at a
 * two-person door a party that would enter an empty room with fewer than two persons waits
 * instead ({@link SecondPersonWait}).
 *
 * @param person the staff member, or null for a visitor
 * @param visit the visit, or null for a staff member
 * @param escortId for a visitor, the staff member who escorts them in
 * @param badgeUid the badge that was read for them, for the refusal if the party never completes
 */
record Admission(Person person, Visit visit, String escortId, String badgeUid) {

    Admission {
        if ((person == null) == (visit == null)) {
            throw new IllegalArgumentException("an admission is either a person or a visit");
        }
        Objects.requireNonNull(badgeUid, "badgeUid");
    }

    static Admission staff(Person p, String badgeUid) {
        return new Admission(p, null, null, badgeUid);
    }

    static Admission visitor(Visit v, String escortId, String badgeUid) {
        return new Admission(null, v, escortId, badgeUid);
    }

    boolean isVisitor() {
        return visit != null;
    }

    /** The same key as the {@link Occupant} this admission becomes. */
    String key() {
        return isVisitor() ? "visit:" + visit.visitId() : "person:" + person.personId();
    }
}
