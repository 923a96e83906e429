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

    /**
     * Persons and visits the door stored itself (not the preloaded old copy), as counted by the
     * triggers of {@link #countFreshRecords}: a read of one row. Counting the tables instead took
     * 40 ms of CPU over 200,000 rows, and polled every 20 ms it took most of a core from the door
     * being measured.
     */
    long freshRecords() {
        return one("SELECT n FROM bench_fresh");
    }

    /**
     * Adds to {@code db} (the benchmark's copy, before the door opens it) a one-row counter of the
     * persons and visits that become newer than the old copy, kept by triggers: one small update
     * in the door's transaction per record, in place of a scan of both tables on each look.
     */
    static void countFreshRecords(Path db) {
        String old = "'" + SyntheticSite.OLD_COPY + "'";
        try (Connection w = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement s = w.createStatement()) {
            s.execute("CREATE TABLE bench_fresh (n INTEGER NOT NULL)");
            s.execute("INSERT INTO bench_fresh (n) SELECT (SELECT count(*) FROM persons WHERE updated_at > " + old
                    + ") + (SELECT count(*) FROM visits WHERE updated_at > " + old + ")");
            for (String table : new String[] {"persons", "visits"}) {
                s.execute("CREATE TRIGGER bench_fresh_" + table + "_update AFTER UPDATE OF updated_at ON " + table
                        + " WHEN OLD.updated_at <= " + old + " AND NEW.updated_at > " + old
                        + " BEGIN UPDATE bench_fresh SET n = n + 1; END");
                s.execute("CREATE TRIGGER bench_fresh_" + table + "_insert AFTER INSERT ON " + table
                        + " WHEN NEW.updated_at > " + old + " BEGIN UPDATE bench_fresh SET n = n + 1; END");
                s.execute("CREATE TRIGGER bench_fresh_" + table + "_delete AFTER DELETE ON " + table
                        + " WHEN OLD.updated_at > " + old + " BEGIN UPDATE bench_fresh SET n = n - 1; END");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add the record counter to " + db + ": " + e.getMessage(), e);
        }
    }

    String text(String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the door's sync has ended, in {@code sync_completed} or {@code sync_refused}, on
     * a copy that held neither before; false if {@code capNanos} passed first.
     */
    boolean awaitSyncEnd(long capNanos) {
        long end = System.nanoTime() + capNanos;
        while (one("SELECT count(*) FROM events WHERE type IN ('sync_completed', 'sync_refused')") == 0) {
            if (System.nanoTime() > end) {
                return false;
            }
            BenchMain.sleep(20);
        }
        return true;
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
