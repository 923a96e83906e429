package org.accessctl.report;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.accessctl.audit.LoggedEvent;
import org.accessctl.core.Alarm;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;

/**
 * An event about the room that the report counts per month beside the visits: a break-glass
 * override ({@code command_accepted} with {@code cmd} override) or a {@code lone_occupant} alarm.
 *
 * @param operatorIds for an override, the two operators; empty otherwise
 */
record RoomEvent(String kind, String site, String door, OffsetDateTime at, List<String> operatorIds, String reason) {

    /** The SQL condition that selects these events from a door's log. */
    static final String WHERE = "(type = 'command_accepted' AND json_extract(json, '$.cmd') = 'override')"
            + " OR (type = 'alarm_raised' AND json_extract(json, '$.alarm') = '" + Alarm.LONE_OCCUPANT + "')";

    RoomEvent {
        operatorIds = List.copyOf(operatorIds);
    }

    boolean isOverride() {
        return kind.equals(Alarm.OVERRIDE);
    }

    /** The event, when it is one the report counts; empty for any other or one it cannot read. */
    static Optional<RoomEvent> read(String json) {
        try {
            JsonObject e = JsonObject.of(Json.parse(json, LoggedEvent.LIMITS));
            String type = e.requireString("type");
            String kind;
            if (type.equals("command_accepted") && e.optionalString("cmd").filter("override"::equals).isPresent()) {
                kind = Alarm.OVERRIDE;
            } else if (type.equals("alarm_raised")
                    && e.optionalString("alarm").filter(Alarm.LONE_OCCUPANT::equals).isPresent()) {
                kind = Alarm.LONE_OCCUPANT;
            } else {
                return Optional.empty();
            }
            return Optional.of(new RoomEvent(kind, e.requireString("site"), e.requireString("door"),
                    OffsetDateTime.parse(e.requireString("at")), e.optionalStringList("operatorIds").orElse(List.of()),
                    e.optionalString("reason").orElse(null)));
        } catch (JsonException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
