package org.accessctl.sim;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.accessctl.core.Alarm;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.Occupant;
import org.accessctl.serial.SerialBadgeReader;
import org.accessctl.words.EventWords;

/**
 * One door as the panel shows it, in words: the wires, who is inside, the alarms, the day's
 * visits, the readers' counters and the latest events. Built from the door's own database and
 * its current status, never from anything the panel's browser says.
 */
final class PanelSnapshot {

    static final int EVENTS = 25;
    private static final int VISITS = 50;

    private PanelSnapshot() {
    }

    static Map<String, Object> of(SimulatedDoor door, DoorRecords records, String apiBase) throws SQLException {
        records.forgetNames();
        ZoneId zone = door.clock().getZone();
        Instant now = door.clock().instant();
        DoorStatus status = door.service().status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("site", door.config().siteId());
        m.put("door", door.config().doorId());
        m.put("api", apiBase);
        m.put("now", time(now, zone));
        m.put("pins", SimHttpApi.state(door));
        m.put("lockdown", status != null && status.lockdown());
        m.put("inside", status == null ? List.of() : status.occupants().stream().map(o -> occupant(o, records, zone)).toList());
        m.put("alarms", status == null ? List.of() : status.alarms().stream().map(a -> alarm(a, records, zone)).toList());
        m.put("visits", visitsToday(records, status, now, zone));
        m.put("readers", readers(door));
        m.put("events", records.latestEvents(EVENTS).stream().map(e -> event(e, records)).toList());
        return m;
    }

    private static Map<String, Object> occupant(Occupant o, DoorRecords names, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.isVisitor()) {
            m.put("name", names.visitor(o.visitId()).orElse(o.visitId()));
            m.put("kind", "visitor");
            m.put("id", o.visitId());
            m.put("escorts", o.escortIds().stream().map(names::ofPerson).toList());
        } else {
            m.put("name", names.person(o.personId()).orElse(o.personId()));
            m.put("kind", "staff");
            m.put("id", o.personId());
            m.put("escorts", List.of());
        }
        m.put("since", time(o.since(), zone));
        m.put("confirmed", o.confirmed());
        return m;
    }

    private static Map<String, Object> alarm(Alarm a, DoorRecords names, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alarm", a.kind());
        m.put("words", EventWords.alarm(a.kind()));
        m.put("visit", a.visitId() == null ? null : names.ofVisitor(a.visitId()));
        m.put("since", time(a.since(), zone));
        return m;
    }

    private static List<Map<String, Object>> visitsToday(DoorRecords records, DoorStatus status, Instant now, ZoneId zone)
            throws SQLException {
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant from = today.atStartOfDay(zone).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(zone).toInstant();
        Set<String> inside = status == null ? Set.of() : status.occupants().stream().filter(Occupant::isVisitor)
                .map(Occupant::visitId).collect(Collectors.toSet());
        List<Map<String, Object>> visits = new ArrayList<>();
        for (DoorRecords.VisitOfDay v : records.visitsBetween(from, to, VISITS)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("visitId", v.visitId());
            m.put("visitor", v.record().get("visitorName"));
            m.put("organization", v.record().get("organization"));
            m.put("purpose", v.record().get("purpose"));
            m.put("from", time(v.validFrom(), zone));
            m.put("until", time(v.validUntil(), zone));
            m.put("status", inside.contains(v.visitId()) ? "inside" : v.completed() ? "completed"
                    : !v.status().equals("approved") ? v.status() : v.validUntil().isBefore(now) ? "expired" : "expected");
            visits.add(m);
        }
        return visits;
    }

    private static List<Map<String, Object>> readers(SimulatedDoor door) {
        List<Map<String, Object>> readers = new ArrayList<>();
        for (SerialBadgeReader r : door.service().readers()) {
            SimulatedReader line = door.reader(r.name());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("format", line == null ? null : line.format().configName());
            m.put("frames", line == null ? 0 : line.framesWritten());
            m.put("raw", line == null ? 0 : line.rawWrites());
            m.put("dropped", r.droppedFrames());
            m.put("connected", r.isConnected());
            readers.add(m);
        }
        return readers;
    }

    private static Map<String, Object> event(Map<String, Object> e, DoorRecords names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.get("seq"));
        m.put("time", EventWords.clock(String.valueOf(e.get("at"))));
        m.put("type", e.get("type"));
        m.put("tone", EventWords.tone(e).name().toLowerCase(java.util.Locale.ROOT));
        m.put("text", EventWords.describe(e, names));
        return m;
    }

    private static String time(Instant t, ZoneId zone) {
        return ZonedDateTime.ofInstant(t, zone).toOffsetDateTime().withNano(0).toString();
    }
}
