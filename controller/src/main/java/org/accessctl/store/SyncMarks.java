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

    /**
     * Of {@code ids}, those the sync has not shown (no row, or a row with another mark), in their
     * order. Asked a few hundred at a time, so that checking a directory's whole index never holds
     * all its ids at once: a sync of 100,000 records must not fill the door's small heap at its end.
     */
    public List<String> notShown(RecordKind kind, String mark, List<String> ids) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            java.util.Set<String> shown = new java.util.HashSet<>();
            String sql = "SELECT " + idColumn(kind) + " FROM " + table(kind) + " WHERE sync_mark = ? AND "
                    + idColumn(kind) + " IN (" + "?,".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement s = db.connection().prepareStatement(sql)) {
                s.setString(1, mark);
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        shown.add(rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("checking " + table(kind) + " of a sync failed: " + e.getMessage(), e);
            }
            for (String id : chunk) {
                if (!shown.contains(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    private static final int IN_CHUNK = 500;

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

    /**
     * Deletes those of {@code unseen} (the rows the sync had not shown when it ended, by kind) that
     * it still has not shown; returns how many of each kind went. By key: no scan of the whole
     * copy on the door loop.
     */
    public Map<RecordKind, Integer> sweep(String mark, Map<RecordKind, List<String>> unseen) {
        return db.inTransaction(c -> {
            Map<RecordKind, Integer> removed = new EnumMap<>(RecordKind.class);
            for (RecordKind kind : RecordKind.values()) {
                int n = 0;
                PreparedStatement d = db.cached("DELETE FROM " + table(kind) + " WHERE " + idColumn(kind)
                        + " = ? AND (sync_mark IS NULL OR sync_mark <> ?)");
                // What was swept is no longer held: its last signed copy may come back only newer.
                PreparedStatement r = db.cached("UPDATE record_versions SET digest = NULL, signed = 0"
                        + " WHERE signed = 1 AND kind = ? AND record_id = ?");
                for (String id : unseen.getOrDefault(kind, List.of())) {
                    d.setString(1, id);
                    d.setString(2, mark);
                    if (d.executeUpdate() > 0) {
                        n++;
                        r.setString(1, kind.code());
                        r.setString(2, id);
                        r.executeUpdate();
                    }
                }
                removed.put(kind, n);
            }
            return removed;
        });
    }
}
