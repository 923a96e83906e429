package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.accessctl.records.RecordKind;

/**
 * Which records the broker has shown in a sync. Every person, visit and schedule row carries the
 * mark of the sync in which it last arrived; after a complete sync, the rows with another mark
 * are the ones deleted upstream while the door was not listening.
 */
public final class SyncMarks {

    /** One table's part of a sync: how many rows the broker showed, how many the door holds. */
    public record Tally(int seen, int stored) {
    }

    private final Database db;

    public SyncMarks(Database db) {
        this.db = db;
    }

    private static String table(RecordKind kind) {
        return switch (kind) {
            case PERSON -> "persons";
            case VISIT -> "visits";
            case SCHEDULE -> "schedules";
        };
    }

    private static String idColumn(RecordKind kind) {
        return kind.code() + "_id";
    }

    public void mark(RecordKind kind, String id, String mark) {
        db.inTransaction(c -> {
            PreparedStatement s = db.cached("UPDATE " + table(kind) + " SET sync_mark = ? WHERE " + idColumn(kind) + " = ?");
            s.setString(1, mark);
            s.setString(2, id);
            s.executeUpdate();
            return null;
        });
    }

    public Tally tally(RecordKind kind, String mark) {
        try (PreparedStatement s = db.connection().prepareStatement(
                "SELECT count(*), sum(sync_mark = ?) FROM " + table(kind))) {
            s.setString(1, mark);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Tally(rs.getInt(2), rs.getInt(1));
            }
        } catch (SQLException e) {
            throw new StoreException("counting " + table(kind) + " failed: " + e.getMessage(), e);
        }
    }

    /** The rows a sync has not shown (yet), by kind. */
    public Map<RecordKind, List<String>> unseen(String mark) {
        return ids("sync_mark IS NULL OR sync_mark <> ?", mark);
    }

    /** The rows a sync has shown so far, by kind. */
    public Map<RecordKind, List<String>> stamped(String mark) {
        return ids("sync_mark = ?", mark);
    }

    private Map<RecordKind, List<String>> ids(String where, String mark) {
        Map<RecordKind, List<String>> out = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            try (PreparedStatement s = db.connection().prepareStatement(
                    "SELECT " + idColumn(kind) + " FROM " + table(kind) + " WHERE " + where)) {
                s.setString(1, mark);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                out.put(kind, ids);
            } catch (SQLException e) {
                throw new StoreException("listing " + table(kind) + " of a sync failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Schedules that persons name but the door does not hold: a door that never had them learns
     * their ids from the persons, as it learns records' ids from the directory's index.
     */
    public List<String> namedSchedulesMissing() {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement s = db.connection().prepareStatement(
                "SELECT DISTINCT schedule FROM persons WHERE schedule IS NOT NULL"
                        + " AND schedule NOT IN (SELECT schedule_id FROM schedules)");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new StoreException("listing the schedules persons name failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the rows this sync did not show; returns how many of each kind went. */
    public Map<RecordKind, Integer> sweep(String mark) {
        return db.inTransaction(c -> {
            Map<RecordKind, Integer> removed = new EnumMap<>(RecordKind.class);
            int total = 0;
            for (RecordKind kind : RecordKind.values()) {
                try (PreparedStatement d = c.prepareStatement(
                        "DELETE FROM " + table(kind) + " WHERE sync_mark IS NULL OR sync_mark <> ?")) {
                    d.setString(1, mark);
                    removed.put(kind, d.executeUpdate());
                    total += removed.get(kind);
                }
            }
            if (total > 0) {
                // What was swept is no longer held: its last signed copy may come back only newer.
                try (PreparedStatement r = c.prepareStatement("""
                        UPDATE record_versions SET digest = NULL, signed = 0 WHERE signed = 1 AND (
                          (kind = 'person' AND record_id NOT IN (SELECT person_id FROM persons))
                          OR (kind = 'visit' AND record_id NOT IN (SELECT visit_id FROM visits))
                          OR (kind = 'schedule' AND record_id NOT IN (SELECT schedule_id FROM schedules)))""")) {
                    r.executeUpdate();
                }
            }
            return removed;
        });
    }
}
