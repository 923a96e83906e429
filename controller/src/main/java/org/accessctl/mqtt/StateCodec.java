package org.accessctl.mqtt;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.Occupant;
import org.accessctl.core.Times;
import org.accessctl.json.Json;

/** The retained {@code state} payload. */
public final class StateCodec {

    private StateCodec() {
    }

    public static String encode(DoorStatus status, Instant at, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lock", status.locked() ? "locked" : "unlocked");
        m.put("door", status.doorOpen() ? "open" : "closed");
        m.put("alarms", status.alarms().stream().map(a -> a.toFields(zone)).toList());
        m.put("lockdown", status.lockdown());
        m.put("occupants", status.occupants().stream().map(o -> occupant(o, zone)).toList());
        m.put("at", Times.format(at, zone));
        return Json.write(m);
    }

    private static Map<String, Object> occupant(Occupant o, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.isVisitor()) {
            m.put("visitId", o.visitId());
            m.put("escortIds", o.escortIds());
        } else {
            m.put("personId", o.personId());
        }
        m.put("since", Times.format(o.since(), zone));
        // False after someone left by the exit button: this occupant may be gone.
        m.put("confirmed", o.confirmed());
        return m;
    }

}
