package org.accessctl.sim;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accessctl.audit.ReadOnlyDatabase;
import org.accessctl.audit.UnreadableLogException;
import org.accessctl.json.Json;
import org.accessctl.words.Names;

/**
 * What the panel reads from the door's own database, through a read-only connection of its own:
 * the latest events, the names of persons and visitors, and the day's visits. The door loop is
 * the only writer; this never blocks it (WAL readers do not).
 */
final class DoorRecords implements Names, AutoCloseable {

    /** One of the day's visits as the panel shows it. */
    record VisitOfDay(String visitId, Map<String, Object> record, Instant validFrom, Instant validUntil,
                      String status, boolean completed) {
    }

    private final Connection db;
    private final Map<String, Optional<String>> personNames = new HashMap<>();
    private final Map<String, Optional<String>> visitorNames = new HashMap<>();

    DoorRecords(Path dbPath) throws UnreadableLogException {
        this.db = ReadOnlyDatabase.open(dbPath);
    }

    /** Names are read once per snapshot: forget them, so a renamed person shows the new name. */
    void forgetNames() {
        personNames.clear();
        visitorNames.clear();
    }

    /** The latest {@code limit} events, newest first, as their JSON objects. */
    List<Map<String, Object>> latestEvents(int limit) throws SQLException {
        List<Map<String, Object>> events = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT json FROM events ORDER BY seq DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(object(rs.getString(1)));
                }
            }
        }
        return events;
    }

    /** Visits whose window overlaps [from, to), earliest first, at most {@code limit}. */
    List<VisitOfDay> visitsBetween(Instant from, Instant to, int limit) throws SQLException {
        List<VisitOfDay> visits = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("""
                SELECT visit_id, record, valid_from, valid_until, status, completed_at FROM visits
                WHERE valid_from < ? AND valid_until > ? ORDER BY valid_from, visit_id LIMIT ?""")) {
            s.setLong(1, to.toEpochMilli());
            s.setLong(2, from.toEpochMilli());
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rs.getLong("completed_at");
                    boolean completed = !rs.wasNull();
                    visits.add(new VisitOfDay(rs.getString("visit_id"), object(rs.getString("record")),
                            Instant.ofEpochMilli(rs.getLong("valid_from")), Instant.ofEpochMilli(rs.getLong("valid_until")),
                            rs.getString("status"), completed));
                }
            }
        }
        return visits;
    }

    @Override
    public Optional<String> person(String personId) {
        return personNames.computeIfAbsent(personId, id -> one("SELECT name FROM persons WHERE person_id = ?", id)
                .filter(n -> !n.isBlank()));
    }

    @Override
    public Optional<String> visitor(String visitId) {
        return visitorNames.computeIfAbsent(visitId, id -> one("SELECT record FROM visits WHERE visit_id = ?", id)
                .map(r -> object(r).get("visitorName")).map(String::valueOf));
    }

    private Optional<String> one(String sql, String id) {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty(); // a name is a nicety: the id is shown instead
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
