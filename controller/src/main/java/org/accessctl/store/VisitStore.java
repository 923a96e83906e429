package org.accessctl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accessctl.core.Directory;
import org.accessctl.core.Visit;
import org.accessctl.json.Json;

/**
 * The local copy of the visits. The helpdesk's fields are kept as a JSON record; what the door
 * adds itself (when the visit was closed) is a column the helpdesk's updates never touch.
 */
public final class VisitStore {

    private final Database db;

    public VisitStore(Database db) {
        this.db = db;
    }

    public void upsert(Visit v, Instant now) {
        upsert(v, now, null);
    }

    /** As {@link #upsert(Visit, Instant)}, stamping the row with a sync's mark (null keeps the old one). */
    public void upsert(Visit v, Instant now, String syncMark) {
        db.inTransaction(c -> {
            PreparedStatement s = db.cached("""
                    INSERT INTO visits (visit_id, badge_uid, status, valid_from, valid_until, record, updated_at, sync_mark)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (visit_id) DO UPDATE SET badge_uid = excluded.badge_uid, status = excluded.status,
                      valid_from = excluded.valid_from, valid_until = excluded.valid_until,
                      record = excluded.record, updated_at = excluded.updated_at,
                      sync_mark = coalesce(excluded.sync_mark, visits.sync_mark)""");
            s.setString(1, v.visitId());
            s.setString(2, v.badgeUid());
            s.setString(3, v.status().code());
            s.setLong(4, v.validFrom().toEpochMilli());
            s.setLong(5, v.validUntil().toEpochMilli());
            s.setString(6, Json.write(record(v)));
            s.setString(7, now.toString());
            s.setString(8, syncMark);
            s.executeUpdate();
            return null;
        });
    }

    public boolean delete(String visitId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM visits WHERE visit_id = ?")) {
                s.setString(1, visitId);
                return s.executeUpdate() > 0;
            }
        });
    }

    /** Closes a visit; part of the transaction that records its {@code visit_completed}. */
    static void markCompleted(Connection c, String visitId, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE visits SET completed_at = ? WHERE visit_id = ? AND completed_at IS NULL")) {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, visitId);
            s.executeUpdate();
        }
    }

    public List<Visit> byBadge(String uid) {
        try {
            PreparedStatement s = db.cached("SELECT * FROM visits WHERE badge_uid = ? ORDER BY valid_until DESC LIMIT ?");
            s.setString(1, uid);
            s.setInt(2, Directory.VISITS_PER_BADGE);
            return list(s);
        } catch (SQLException e) {
            throw new StoreException("reading visits failed: " + e.getMessage(), e);
        }
    }

    public Optional<Visit> byId(String visitId) {
        try {
            PreparedStatement s = db.cached("SELECT * FROM visits WHERE visit_id = ?");
            s.setString(1, visitId);
            List<Visit> l = list(s);
            return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
        } catch (SQLException e) {
            throw new StoreException("reading visits failed: " + e.getMessage(), e);
        }
    }

    /**
     * Another approved, open, unexpired visit whose window overlaps {@code [from, until)} and
     * holds this badge. A visitor badge is handed out again for the next visit, so only visits
     * that could be at the door at the same time conflict.
     */
    public Optional<Visit> holderOf(String uid, String exceptVisitId, Instant from, Instant until, Instant now) {
        return byBadge(uid).stream()
                .filter(v -> !v.visitId().equals(exceptVisitId))
                .filter(v -> v.status() == Visit.Status.APPROVED && v.completedAt() == null
                        && now.isBefore(v.validUntil()) && v.validFrom().isBefore(until) && from.isBefore(v.validUntil()))
                .findFirst();
    }

    public int count() {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT count(*) FROM visits");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("reading visits failed: " + e.getMessage(), e);
        }
    }

    private static List<Visit> list(PreparedStatement s) throws SQLException {
        List<Visit> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(visit(rs));
            }
        }
        return out;
    }

    private static Map<String, Object> record(Visit v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("visitorName", v.visitorName());
        m.put("organization", v.organization());
        m.put("purpose", v.purpose());
        m.put("escorts", new ArrayList<>(v.escorts()));
        m.put("doors", new ArrayList<>(v.doors()));
        m.put("approvedBy", v.approvedBy());
        m.put("devices", v.devices());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Visit visit(ResultSet rs) throws SQLException {
        Map<String, Object> r = (Map<String, Object>) Json.parse(rs.getString("record"));
        long completed = rs.getLong("completed_at");
        Instant completedAt = rs.wasNull() ? null : Instant.ofEpochMilli(completed);
        return new Visit(rs.getString("visit_id"), Visit.Status.fromCode(rs.getString("status")),
                (String) r.get("visitorName"), (String) r.get("organization"), (String) r.get("purpose"),
                rs.getString("badge_uid"), Instant.ofEpochMilli(rs.getLong("valid_from")),
                Instant.ofEpochMilli(rs.getLong("valid_until")), strings(r.get("escorts")), strings(r.get("doors")),
                (String) r.get("approvedBy"), (List<Map<String, Object>>) r.get("devices"), completedAt);
    }

    private static Set<String> strings(Object list) {
        Set<String> out = new LinkedHashSet<>();
        if (list instanceof List<?> l) {
            for (Object o : l) {
                out.add((String) o);
            }
        }
        return out;
    }
}
