package org.accessctl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * One connection to the door's SQLite file. WAL with {@code synchronous=FULL}: a committed
 * event survives a power cut, and readers (the outbox sender) do not block the door loop.
 * Each thread that touches the database opens its own {@code Database}; a connection is used
 * by one thread only.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final Path file;
    private final Connection connection;
    /** Statements of the hot paths, prepared once: preparing costs more than running them. */
    private final java.util.Map<String, java.sql.PreparedStatement> statements = new java.util.HashMap<>();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the file and brings its schema up to date. */
    public static Database open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // Two connections (door loop, outbox) write now and then; wait rather than fail.
        config.setBusyTimeout(10_000);
        // Take the write lock when a transaction begins. A deferred transaction that reads first
        // and writes later fails at once with SQLITE_BUSY if the other connection committed in
        // between (its read snapshot is stale, so waiting cannot help); an immediate one waits.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // No generated keys are read: without this the driver runs a regular expression over
        // every statement it executes, garbage for each record of a sync.
        config.setGetGeneratedKeys(false);
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            Database db = new Database(file, c);
            Migrations.apply(c);
            return db;
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /**
     * A prepared statement for {@code sql}, made once per connection and kept: callers set its
     * parameters and run it, but do not close it.
     */
    java.sql.PreparedStatement cached(String sql) throws SQLException {
        java.sql.PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = connection.prepareStatement(sql);
            statements.put(sql, s);
        }
        s.clearParameters();
        return s;
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none. Called inside
     * another transaction, it joins it: the outer one commits or rolls back the whole.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try {
            if (!connection.getAutoCommit()) {
                return work.run(connection);
            }
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                // SQLite has often rolled back already (a full disk does): keep the first error,
                // not "no transaction is active".
                try {
                    connection.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                restoreAutoCommit();
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} inside the open transaction as a unit of its own: if it throws, what it
     * wrote is undone and the exception passes on, while the rest of the transaction stands. One
     * bad record in a batch harms only itself.
     */
    public <T> T savepoint(SqlWork<T> work) {
        if (!inTransactionNow()) {
            throw new IllegalStateException("a savepoint belongs inside a transaction");
        }
        try {
            // Prepared once and kept: a sync runs this for every record.
            cached("SAVEPOINT unit").execute();
            try {
                T result = work.run(connection);
                cached("RELEASE unit").execute();
                return result;
            } catch (SQLException | RuntimeException e) {
                cached("ROLLBACK TO unit").execute();
                cached("RELEASE unit").execute();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Back to autocommit after a transaction. Where SQLite already ended the transaction itself
     * (a full disk), the driver's implicit COMMIT fails with "no transaction is active": that
     * must not hide the error that ended it.
     */
    private void restoreAutoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("back to autocommit: {}", e.getMessage());
        }
    }

    /**
     * Stops this connection's commits from running checkpoints. SQLite copies the WAL back into
     * the database in whichever commit crosses 1,000 pages; on the door loop that commit would take
     * a badge's answer hostage for as long as the copy and its fsync take (hundreds of
     * milliseconds during a sync). A {@link #checkpoint} on another thread does it instead.
     */
    public void leaveCheckpointsToOthers() {
        execute("PRAGMA wal_autocheckpoint = 0");
    }

    /**
     * Copies what it can of the WAL back into the database without waiting for, or blocking,
     * the other connections (SQLite's passive checkpoint). Returns the WAL's frames left over,
     * or -1 if SQLite was busy.
     */
    public long checkpoint() {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (!rs.next() || rs.getInt(1) != 0) {
                return -1;
            }
            return rs.getLong(2) - rs.getLong(3);
        } catch (SQLException e) {
            throw new StoreException("checkpoint failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one transaction whose commit does not wait for the disk (SQLite's
     * {@code synchronous=NORMAL} in WAL mode: atomic and consistent, but a power cut may undo it).
     * The next ordinary commit makes it durable with itself.
     */
    public void inTransactionNotWaitingForDisk(Runnable work) {
        execute("PRAGMA synchronous = NORMAL");
        try {
            inTransaction(c -> {
                work.run();
                return null;
            });
        } finally {
            execute("PRAGMA synchronous = FULL");
        }
    }

    /** True while a transaction is open on this connection. */
    public boolean inTransactionNow() {
        try {
            return !connection.getAutoCommit();
        } catch (SQLException e) {
            throw new StoreException("database state unknown: " + e.getMessage(), e);
        }
    }

    /** A unit of database work that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Caps the file at {@code pages} pages (SQLite's {@code max_page_count}); a write past it
     * fails as on a full disk. Returns the cap SQLite took (never below the current size). For
     * tests of a full disk that need no full disk.
     */
    public long capPages(long pages) {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("PRAGMA max_page_count = " + pages)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            throw new StoreException("cannot cap the database: " + e.getMessage(), e);
        }
    }

    void execute(String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new StoreException("database statement failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        for (java.sql.PreparedStatement s : statements.values()) {
            try {
                s.close();
            } catch (SQLException e) {
                log.debug("closing a statement: {}", e.getMessage());
            }
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the database {} failed: {}", file, e.getMessage());
        }
    }
}
