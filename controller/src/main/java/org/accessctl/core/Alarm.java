package org.accessctl.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An alarm that is active now. Door alarms and {@code lone_occupant} have no visit; the alarms of
 * "always accompanied" name the visit they are about.
 */
public record Alarm(String kind, String visitId, Instant since) {

    public static final String DOOR_HELD_OPEN = "door_held_open";
    public static final String DOOR_FORCED_OPEN = "door_forced_open";
    public static final String VISITOR_UNESCORTED = "visitor_unescorted";
    public static final String VISIT_OVERSTAY = "visit_overstay";
    /** Two-person rule: fewer than two persons the door knows are inside, and someone is. */
    public static final String LONE_OCCUPANT = "lone_occupant";
    /**
     * Never raised: it marks, among a visit's alarms in {@code visit_completed}, a visit that a
     * break-glass override touched (the visitor was inside, or came in while it held the door).
     */
    public static final String OVERRIDE = "override";

    public Alarm {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(since, "since");
    }

    /**
     * Whether an alarm of this kind is about the door itself (its contact), rather than about
     * the people inside: after a fault, what the door did stands and what people did is undone.
     */
    public static boolean isAboutTheDoor(String kind) {
        return DOOR_HELD_OPEN.equals(kind) || DOOR_FORCED_OPEN.equals(kind);
    }

    /** Two alarms are the same alarm when kind and visit match, whenever they began. */
    public boolean sameAs(String otherKind, String otherVisitId) {
        return kind.equals(otherKind) && Objects.equals(visitId, otherVisitId);
    }

    /** The alarm as it appears in {@code state.alarms}. */
    public Map<String, Object> toFields(java.time.ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alarm", kind);
        if (visitId != null) {
            m.put("visitId", visitId);
        }
        m.put("since", Times.format(since, zone));
        return m;
    }
}
