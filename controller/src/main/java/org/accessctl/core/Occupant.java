package org.accessctl.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Someone the door believes is in the room: a staff member ({@code personId}) or a visitor
 * ({@code visitId}, with the staff who escorted them in). {@code confirmed} turns false when
 * someone left by the anonymous exit button after this occupant came in: they may be gone.
 *
 * @param alarms the alarms raised about this visit while the visitor was inside (for the report)
 */
public record Occupant(String personId, String visitId, List<String> escortIds, Instant since, boolean confirmed,
                       List<String> alarms) {

    public Occupant {
        if ((personId == null) == (visitId == null)) {
            throw new IllegalArgumentException("an occupant is either a person or a visit");
        }
        Objects.requireNonNull(since, "since");
        escortIds = List.copyOf(escortIds);
        alarms = List.copyOf(alarms);
    }

    public static Occupant person(String personId, Instant since) {
        return new Occupant(personId, null, List.of(), since, true, List.of());
    }

    public static Occupant visitor(String visitId, List<String> escortIds, Instant since) {
        return new Occupant(null, visitId, escortIds, since, true, List.of());
    }

    public boolean isVisitor() {
        return visitId != null;
    }

    /** The key that identifies this occupant: {@code person:P-001} or {@code visit:V-1}. */
    public String key() {
        return isVisitor() ? "visit:" + visitId : "person:" + personId;
    }

    Occupant unconfirmed() {
        return new Occupant(personId, visitId, escortIds, since, false, alarms);
    }

    Occupant withEscort(String escortId) {
        if (escortIds.contains(escortId)) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(escortIds);
        more.add(escortId);
        return new Occupant(personId, visitId, more, since, confirmed, alarms);
    }

    Occupant withAlarm(String alarm) {
        if (alarms.contains(alarm)) {
            return this;
        }
        List<String> more = new java.util.ArrayList<>(alarms);
        more.add(alarm);
        return new Occupant(personId, visitId, escortIds, since, confirmed, more);
    }
}
