package org.accessctl.core;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Something the door or the program did or saw, before the event log gives it its {@code seq} and
 * {@code chain}: one record per type of the contract's events (docs/mqtt-api.md, Events). A
 * record's name is its {@code type} in camel case and its components after {@code at} are the
 * type's members by name; a null component is left out. {@link #toJson} is the one place an
 * event becomes the contract's JSON.
 */
public sealed interface Event {

    Instant at();

    /** The contract's name of the type, e.g. {@code access_granted}. */
    default String type() {
        return EventMembers.type(getClass());
    }

    /** The members of the type, null ones left out, times as {@link Instant}s. */
    default Map<String, Object> fields() {
        return EventMembers.into(new java.util.LinkedHashMap<>(), this, null);
    }

    /** The event as published and chained, without {@code chain}: times written in {@code zone}. */
    default Map<String, Object> toJson(long seq, String site, String door, ZoneId zone) {
        return EventMembers.json(this, seq, site, door, zone);
    }

    // ---- the door's --------------------------------------------------------------------------

    /**
     * @param alreadyInside {@code true} when soft anti-passback let in a badge whose holder was
     *     inside; null otherwise
     */
    record AccessGranted(Instant at, String direction, String via, String personId, String visitId, String escortId,
                         String badgeUid, Boolean alreadyInside, String operatorId, List<String> operatorIds,
                         String reason, Long seconds) implements Event {

        public static AccessGranted exitButton(Instant at) {
            return new AccessGranted(at, "out", "rex", null, null, null, null, null, null, null, null, null);
        }

        public static AccessGranted remote(Instant at, String operatorId, String reason) {
            return new AccessGranted(at, "in", "remote", null, null, null, null, null, operatorId, null, reason, null);
        }

        /** Break-glass: both operators who signed. */
        public static AccessGranted override(Instant at, List<String> operatorIds, String reason, long seconds) {
            return new AccessGranted(at, "in", "remote", null, null, null, null, null, null, operatorIds, reason, seconds);
        }

        public static AccessGranted staffIn(Instant at, String personId, boolean alreadyInside) {
            return new AccessGranted(at, "in", "badge", personId, null, null, null,
                    alreadyInside ? Boolean.TRUE : null, null, null, null, null);
        }

        public static AccessGranted visitorIn(Instant at, String visitId, String escortId) {
            return new AccessGranted(at, "in", "badge", null, visitId, escortId, null, null, null, null, null, null);
        }

        /** At the exit reader: {@code personId}, {@code visitId} or, for a badge it does not know, {@code badgeUid}. */
        public static AccessGranted out(Instant at, String personId, String visitId, String badgeUid) {
            return new AccessGranted(at, "out", "badge", personId, visitId, null, badgeUid, null, null, null, null, null);
        }
    }

    /** Always at the entry reader; {@code personId} or {@code visitId} when the badge is known. */
    record AccessDenied(Instant at, String direction, String badgeUid, String reason, String personId, String visitId)
            implements Event {

        public AccessDenied(Instant at, String badgeUid, DenialReason reason, String personId, String visitId) {
            this(at, "in", badgeUid, reason.code(), personId, visitId);
        }
    }

    record EscortPending(Instant at, String personId, String visitId, Instant until) implements Event {
    }

    record SecondPersonPending(Instant at, String personId, String visitId, Instant until) implements Event {
    }

    record DoorOpened(Instant at) implements Event {
    }

    record DoorClosed(Instant at) implements Event {
    }

    record AlarmRaised(Instant at, String alarm, String visitId) implements Event {
    }

    record AlarmCleared(Instant at, String alarm, String visitId) implements Event {
    }

    /** Everything the visit report needs, so it can be made from the event log alone. */
    record VisitCompleted(Instant at, String visitId, String visitorName, String organization, String purpose,
                          String approvedBy, Instant enteredAt, Instant exitedAt, List<String> escortIds,
                          List<String> alarms, List<Map<String, Object>> devices) implements Event {
    }

    record DiskFull(Instant at, String reason) implements Event {
    }

    /** After {@link DiskFull} with a {@code reason}, after {@link DiskLow} with the space. */
    record DiskOk(Instant at, String reason, Long freeBytes, Long totalBytes) implements Event {
    }

    // ---- the program's -----------------------------------------------------------------------

    record DiskLow(Instant at, long freeBytes, long totalBytes) implements Event {
    }

    record ControllerStarted(Instant at, String version) implements Event {
    }

    record ControllerStopping(Instant at, String version) implements Event {
    }

    record RecordRejected(Instant at, String topic, String reason) implements Event {
    }

    /** @param operatorIds both signers of a break-glass override; null for one operator's command */
    record CommandAccepted(Instant at, String jti, String operatorId, List<String> operatorIds, String cmd,
                           String personId, String reason, Integer seconds, Instant expiresAt) implements Event {
    }

    record CommandRejected(Instant at, String jti, String operatorId, String reason, String detail) implements Event {
    }

    record SyncCompleted(Instant at, int personsSeen, int visitsSeen, int schedulesSeen, int personsRemoved,
                         int visitsRemoved, int schedulesRemoved, int recoveredByName) implements Event {
    }

    record SyncRefused(Instant at, String reason, int personsSeen, int personsStored, int visitsSeen,
                       int visitsStored, int schedulesSeen, int schedulesStored) implements Event {
    }

    record RefusalsSuppressed(Instant at, String kind, int count, Map<String, Integer> reasons, Instant since)
            implements Event {
    }
}
