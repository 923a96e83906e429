package org.accessctl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Alarm;
import org.accessctl.core.DoorMemory;
import org.accessctl.core.Occupant;
import org.accessctl.json.Json;

/** The door's memory (occupants, active alarms, lockdown) as one JSON row. */
public final class DoorMemoryStore {

    private DoorMemoryStore() {
    }

    public static DoorMemory load(Database db) {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT json FROM door_memory WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? decode(rs.getString(1)) : DoorMemory.EMPTY;
        } catch (SQLException e) {
            throw new StoreException("reading the door's memory failed: " + e.getMessage(), e);
        }
    }

    /** Saves the memory; part of the transaction that records the events which changed it. */
    static void save(Connection c, DoorMemory memory) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO door_memory (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json")) {
            s.setString(1, encode(memory));
            s.executeUpdate();
        }
    }

    static String encode(DoorMemory m) {
        List<Object> occupants = new ArrayList<>();
        for (Occupant o : m.occupants()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("personId", o.personId());
            j.put("visitId", o.visitId());
            j.put("escortIds", o.escortIds());
            j.put("since", o.since().toString());
            j.put("confirmed", o.confirmed());
            j.put("alarms", o.alarms());
            occupants.add(j);
        }
        List<Object> alarms = new ArrayList<>();
        for (Alarm a : m.alarms()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("kind", a.kind());
            j.put("visitId", a.visitId());
            j.put("since", a.since().toString());
            alarms.add(j);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("occupants", occupants);
        root.put("alarms", alarms);
        root.put("lockdown", m.lockdown());
        return Json.write(root);
    }

    @SuppressWarnings("unchecked")
    static DoorMemory decode(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        List<Occupant> occupants = new ArrayList<>();
        for (Object o : (List<Object>) root.get("occupants")) {
            Map<String, Object> j = (Map<String, Object>) o;
            occupants.add(new Occupant((String) j.get("personId"), (String) j.get("visitId"),
                    (List<String>) (List<?>) j.get("escortIds"), Instant.parse((String) j.get("since")),
                    (Boolean) j.get("confirmed"), (List<String>) (List<?>) j.get("alarms")));
        }
        List<Alarm> alarms = new ArrayList<>();
        for (Object o : (List<Object>) root.get("alarms")) {
            Map<String, Object> j = (Map<String, Object>) o;
            alarms.add(new Alarm((String) j.get("kind"), (String) j.get("visitId"), Instant.parse((String) j.get("since"))));
        }
        return new DoorMemory(occupants, alarms, (Boolean) root.get("lockdown"));
    }
}
