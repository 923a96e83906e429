package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which records the broker has shown in a sync. Every person and visit row carries the mark of
 * the sync in which it last arrived; after a complete sync, the rows with another mark are the
 * ones deleted upstream while the door was not listening.
 */
public final class SyncMarks {

    /** One table's part of a sync: how many rows the broker showed, how many the door holds. */
    public record Tally(int seen, int stored) {
    }

    private final Database db;

    public SyncMarks(Database db) {
        this.db = db;
    }

    public void markPerson(String personId, String mark) {
        update("UPDATE persons SET sync_mark = ? WHERE person_id = ?", mark, personId);
    }

    public void markVisit(String visitId, String mark) {
        update("UPDATE visits SET sync_mark = ? WHERE visit_id = ?", mark, visitId);
    }

    public Tally persons(String mark) {
        return tally("persons", mark);
    }

    public Tally visits(String mark) {
        return tally("visits", mark);
    }

    /** Ids of persons and of visits. */
    public record Ids(List<String> personIds, List<String> visitIds) {
        public boolean isEmpty() {
            return personIds.isEmpty() && visitIds.isEmpty();
        }
    }

    /** The rows a sync has not shown (yet). */
    public Ids unseen(String mark) {
        return new Ids(ids("SELECT person_id FROM persons WHERE sync_mark IS NULL OR sync_mark <> ?", mark),
                ids("SELECT visit_id FROM visits WHERE sync_mark IS NULL OR sync_mark <> ?", mark));
    }

    /** The rows a sync has shown so far. */
    public Ids stamped(String mark) {
        return new Ids(ids("SELECT person_id FROM persons WHERE sync_mark = ?", mark),
                ids("SELECT visit_id FROM visits WHERE sync_mark = ?", mark));
    }

    private List<String> ids(String sql, String mark) {
        try (PreparedStatement s = db.connection().prepareStatement(sql)) {
            s.setString(1, mark);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing unseen records failed: " + e.getMessage(), e);
        }
    }

    /** Deletes the rows this sync did not show; returns how many of each went. */
    public int[] sweep(String mark) {
        return db.inTransaction(c -> {
            int[] removed = new int[2];
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM persons WHERE sync_mark IS NULL OR sync_mark <> ?");
                 PreparedStatement v = c.prepareStatement(
                    "DELETE FROM visits WHERE sync_mark IS NULL OR sync_mark <> ?")) {
                p.setString(1, mark);
                v.setString(1, mark);
                removed[0] = p.executeUpdate();
                removed[1] = v.executeUpdate();
            }
            if (removed[0] + removed[1] > 0) {
                // What was swept is no longer held: its last signed copy may come back only newer.
                try (PreparedStatement r = c.prepareStatement("""
                        UPDATE record_versions SET digest = NULL, signed = 0 WHERE signed = 1 AND (
                          (kind = 'person' AND record_id NOT IN (SELECT person_id FROM persons))
                          OR (kind = 'visit' AND record_id NOT IN (SELECT visit_id FROM visits)))""")) {
                    r.executeUpdate();
                }
            }
            return removed;
        });
    }

    private void update(String sql, String mark, String id) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, mark);
                s.setString(2, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    private Tally tally(String table, String mark) {
        try (PreparedStatement s = db.connection().prepareStatement(
                "SELECT count(*), sum(sync_mark = ?) FROM " + table)) {
            s.setString(1, mark);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Tally(rs.getInt(2), rs.getInt(1));
            }
        } catch (SQLException e) {
            throw new StoreException("counting " + table + " failed: " + e.getMessage(), e);
        }
    }
}
