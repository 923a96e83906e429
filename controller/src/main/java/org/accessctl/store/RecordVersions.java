package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.accessctl.records.RecordKind;

/**
 * The newest signed {@code iat} the door has accepted for each person and visit, kept across
 * restarts and across deletions, so an older signed record published again (a replay) cannot
 * bring back what was changed or removed since.
 *
 * <p>Equal {@code iat}: the same record arrives again at every reconnect, so a record equal to the
 * copy the door holds (same iat, same signed bytes) is accepted and changes nothing. A different
 * record with the same {@code iat} is refused: the door cannot tell which of two records signed in
 * the same second is the newer, and taking either could be a replay. The tools never sign two
 * records for one id within a second. After a deletion the held copy is gone, so only a newer
 * {@code iat} brings a record back.
 *
 * <p>{@code signed} says whether the stored copy was verified when stored: a door switched to
 * signed records drops the rows it stored unsigned ({@link #dropUnsigned}).
 */
public final class RecordVersions {

    /** What the door holds of one record: the newest accepted iat, and the digest of the copy it holds (null if none). */
    public record Held(long iat, String digest) {
    }

    private final Database db;

    public RecordVersions(Database db) {
        this.db = db;
    }

    /** The version held for a record, or null when the door never accepted a signed one. */
    public Held held(RecordKind kind, String id) {
        try {
            PreparedStatement s = db.cached("SELECT iat, digest FROM record_versions WHERE kind = ? AND record_id = ?");
            s.setString(1, kind.code());
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new Held(rs.getLong(1), rs.getString(2)) : null;
            }
        } catch (SQLException e) {
            throw new StoreException("reading record versions failed: " + e.getMessage(), e);
        }
    }

    /** Remembers a signed record as stored: its iat and digest. */
    public void stored(RecordKind kind, String id, long iat, String digest) {
        db.inTransaction(c -> {
            PreparedStatement s = db.cached("""
                    INSERT INTO record_versions (kind, record_id, iat, digest, signed) VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT (kind, record_id) DO UPDATE SET iat = excluded.iat, digest = excluded.digest, signed = 1""");
            s.setString(1, kind.code());
            s.setString(2, id);
            s.setLong(3, iat);
            s.setString(4, digest);
            s.executeUpdate();
            return null;
        });
    }

    /**
     * The copy the door holds is no longer the signed one (deleted, or replaced by an unsigned
     * record): the iat stays, so older records are still refused, but the same one is new again only
     * with a newer iat.
     */
    public void released(RecordKind kind, String id) {
        db.inTransaction(c -> {
            PreparedStatement s = db.cached(
                    "UPDATE record_versions SET digest = NULL, signed = 0 WHERE kind = ? AND record_id = ?");
            s.setString(1, kind.code());
            s.setString(2, id);
            s.executeUpdate();
            return null;
        });
    }

    /**
     * Deletes the persons and visits that were stored without a verified signature: a door that
     * now requires signatures must not keep trusting what anyone could have published before.
     *
     * @return how many persons and visits went
     */
    public int[] dropUnsigned() {
        return db.inTransaction(c -> {
            int[] removed = new int[2];
            try (PreparedStatement p = c.prepareStatement("""
                    DELETE FROM persons WHERE person_id NOT IN
                      (SELECT record_id FROM record_versions WHERE kind = 'person' AND signed = 1)""");
                 PreparedStatement v = c.prepareStatement("""
                    DELETE FROM visits WHERE visit_id NOT IN
                      (SELECT record_id FROM record_versions WHERE kind = 'visit' AND signed = 1)""")) {
                removed[0] = p.executeUpdate();
                removed[1] = v.executeUpdate();
            }
            return removed;
        });
    }
}
