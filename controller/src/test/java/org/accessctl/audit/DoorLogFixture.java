package org.accessctl.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Event;
import org.accessctl.json.Json;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;

/**
 * Real door logs for the audit tests: written through the controller's own {@link EventLog},
 * then read and tampered with as an intruder would, through plain SQL on the file or by
 * editing the lines of a subscriber's copy.
 */
public final class DoorLogFixture {

    private static final Instant START = Instant.parse("2026-11-23T02:00:00Z");

    private DoorLogFixture() {
    }

    /** A door database holding events 1..count, appended in batches as the door loop would. */
    public static Path database(Path file, int count) {
        try (Database db = Database.open(file)) {
            EventLog log = new EventLog(db, "main", "door-1", ZoneOffset.ofHours(7));
            List<Event> batch = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                batch.add(event(i));
                if (batch.size() == 1000 || i == count) {
                    log.append(batch);
                    batch.clear();
                }
            }
        }
        return file;
    }

    /** The i-th event of a busy door: staff coming in, and the door opening after them. */
    static Event event(int i) {
        Instant at = START.plusSeconds(i);
        return i % 2 == 1
                ? Event.AccessGranted.staffIn(at, "P-" + (100 + i % 7), false)
                : new Event.DoorOpened(at);
    }

    /** The log as a subscriber saves it: each stored json on a line of its own. */
    public static Path export(Path database, Path file) throws IOException, SQLException {
        try (Connection c = jdbc(database);
             PreparedStatement s = c.prepareStatement("SELECT json FROM events ORDER BY seq");
             ResultSet rs = s.executeQuery();
             BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (rs.next()) {
                out.write(rs.getString(1));
                out.write('\n');
            }
        }
        return file;
    }

    /** A plain connection, as anyone with the file could open one. */
    public static Connection jdbc(Path database) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
    }

    public static String storedJson(Connection c, long seq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT json FROM events WHERE seq = ?")) {
            s.setLong(1, seq);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no event " + seq);
                }
                return rs.getString(1);
            }
        }
    }

    public static void execute(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    /** The event with one member changed, written canonically again but with its chain left as it was. */
    public static String withMember(String json, String name, Object value) {
        Map<String, Object> event = parse(json);
        event.put(name, value);
        return Json.canonical(event);
    }

    /** The event with its chain recomputed after {@code previousChain}, as a forger who knows the formula would. */
    public static String rechained(String json, String previousChain) {
        Map<String, Object> event = parse(json);
        event.remove("chain");
        event.put("chain", EventLog.chain(previousChain, Json.canonical(event)));
        return Json.canonical(event);
    }

    public static String chainOf(String json) {
        return (String) parse(json).get("chain");
    }
}
