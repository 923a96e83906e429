package org.accessctl.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The harness's own read-only look at the door's database (WAL: it never blocks the door): how
 * far the log and the delivery mark are, and how much of the directory is the door's new copy.
 */
final class ReadDb implements AutoCloseable {

    private final Connection c;

    ReadDb(Path file) {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(10_000);
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long maxSeq() {
        return one("SELECT coalesce(max(seq), 0) FROM events");
    }

    long deliveredSeq() {
        return one("SELECT delivered_seq FROM outbox WHERE id = 1");
    }

    /** Persons and visits the door stored itself (not the preloaded old copy). */
    long freshRecords() {
        return one("SELECT (SELECT count(*) FROM persons WHERE updated_at > '" + Directory.OLD_COPY + "')"
                + " + (SELECT count(*) FROM visits WHERE updated_at > '" + Directory.OLD_COPY + "')");
    }

    String text(String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long one(String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to do
        }
    }
}
