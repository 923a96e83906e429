package org.accessctl.mqtt;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.core.DoorStatus;
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
        m.put("lockdown", false);
        m.put("occupants", List.of());
        m.put("at", Times.format(at, zone));
        return Json.write(m);
    }
}
