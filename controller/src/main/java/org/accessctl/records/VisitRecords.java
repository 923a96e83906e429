package org.accessctl.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Visit;
import org.accessctl.json.JsonObject;

/**
 * Turns a visit payload into a {@link Visit}, or refuses it with a reason that names the field.
 * Unknown fields are tolerated; of each device only its description and serial are kept.
 */
public final class VisitRecords {

    /** Devices a visitor carries in; more than this is not a visit but a delivery. */
    static final int MAX_DEVICES = 100;

    private VisitRecords() {
    }

    public static Visit decode(String topicId, byte[] payload) throws RecordRefused {
        JsonObject o = RecordFields.parse(payload);
        String visitId = RecordFields.id(o, "visitId", topicId);
        String statusText = RecordFields.read(() -> o.requireString("status"));
        Visit.Status status = Visit.Status.fromCode(statusText);
        if (status == null) {
            throw new RecordRefused("field \"status\": expected approved, revoked or cancelled, got \"" + clip(statusText) + "\"");
        }
        String badge = RecordFields.badge("badgeUid", RecordFields.read(() -> o.requireString("badgeUid")));
        Instant from = RecordFields.time(o, "validFrom");
        Instant until = RecordFields.time(o, "validUntil");
        if (!until.isAfter(from)) {
            throw new RecordRefused("field \"validUntil\": must be later than validFrom");
        }
        return new Visit(visitId, status, RecordFields.text(o, "visitorName", true),
                RecordFields.text(o, "organization", false), RecordFields.text(o, "purpose", false), badge, from, until,
                RecordFields.strings(o, "escorts"), RecordFields.doors(o), RecordFields.text(o, "approvedBy", false),
                devices(o), null);
    }

    private static List<Map<String, Object>> devices(JsonObject o) throws RecordRefused {
        List<JsonObject> list = RecordFields.read(() -> o.optionalObjectList("devices")).orElse(List.of());
        if (list.size() > MAX_DEVICES) {
            throw new RecordRefused("field \"devices\": more than " + MAX_DEVICES + " devices");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonObject d : list) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("description", RecordFields.text(d, "description", true));
            String serial = RecordFields.text(d, "serial", false);
            if (serial != null) {
                device.put("serial", serial);
            }
            out.add(device);
        }
        return out;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
