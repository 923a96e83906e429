package org.accessctl.report;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.audit.LoggedEvent;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;

/**
 * One {@code visit_completed} event of the log: everything the door recorded when a visitor
 * badged out. Times keep the offset they were written with, because the report prints the
 * door's local time, whatever the zone of the computer that makes it.
 *
 * @param enteredAt null when the visitor was not recorded entering
 * @param organization null when the visit record gave none; likewise purpose and approvedBy
 */
record CompletedVisit(long seq, String site, String door, String visitId, String visitorName, String organization,
                      String purpose, String approvedBy, OffsetDateTime enteredAt, OffsetDateTime exitedAt,
                      List<String> escortIds, List<String> alarms, List<Device> devices) {

    CompletedVisit {
        escortIds = List.copyOf(escortIds);
        alarms = List.copyOf(alarms);
        devices = List.copyOf(devices);
    }

    /**
     * Reads the stored JSON of a {@code visit_completed} event.
     *
     * @throws UnreadableVisit when it is not such an event (the log was edited, or written by
     *                         something other than the controller)
     */
    static CompletedVisit read(long seq, String json) throws UnreadableVisit {
        try {
            JsonObject e = JsonObject.of(Json.parse(json, LoggedEvent.LIMITS));
            return new CompletedVisit(seq, e.requireString("site"), e.requireString("door"),
                    e.requireString("visitId"), e.optionalString("visitorName").orElse(""),
                    e.optionalString("organization").orElse(null), e.optionalString("purpose").orElse(null),
                    e.optionalString("approvedBy").orElse(null),
                    e.optionalString("enteredAt").map(OffsetDateTime::parse).orElse(null),
                    OffsetDateTime.parse(e.requireString("exitedAt")),
                    e.optionalStringList("escortIds").orElse(List.of()),
                    e.optionalStringList("alarms").orElse(List.of()),
                    devices(e));
        } catch (JsonException | DateTimeParseException e) {
            throw new UnreadableVisit(seq, e.getMessage());
        }
    }

    private static List<Device> devices(JsonObject event) {
        List<Device> out = new ArrayList<>();
        for (JsonObject d : event.optionalObjectList("devices").orElse(List.of())) {
            out.add(new Device(d.requireString("description"), d.optionalString("serial").orElse(null)));
        }
        return out;
    }

    boolean hadAlarms() {
        return !alarms.isEmpty();
    }
}
