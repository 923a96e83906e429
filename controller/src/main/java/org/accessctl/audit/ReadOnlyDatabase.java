package org.accessctl.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens a door's SQLite file for reading only: never created, migrated or written, whether it
 * is the live file under a running daemon or a copy kept as evidence. Shared by every command
 * that reads a door's log, so all of them leave the file exactly as found.
 */
public final class ReadOnlyDatabase {

    /** Waits out a running daemon's short write transactions instead of failing. */
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_NOTADB = 26;

    private ReadOnlyDatabase() {
    }

    /** @throws UnreadableLogException when the file is missing, unreadable or not an SQLite database */
    public static Connection open(Path file) throws UnreadableLogException {
        if (!Files.isRegularFile(file)) {
            throw new UnreadableLogException("no such file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new UnreadableLogException("cannot read " + file + ": permission denied");
        }
        try {
            return opened(file, "jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            if (!isReadOnlyMedium(e) || hasWalContent(file)) {
                throw refusal(file, e);
            }
        }
        // The daemon keeps its log in WAL mode, and SQLite reads such a file through a shared
        // index beside it, which it cannot create in a read-only directory (evidence on
        // read-only media). Without a write-ahead log beside it, every committed event is in
        // the file itself and nothing can be writing it, so it may be read as immutable.
        try {
            return opened(file, "jdbc:sqlite:" + file.toAbsolutePath().toUri() + "?immutable=1");
        } catch (SQLException e) {
            throw refusal(file, e);
        }
    }

    private static Connection opened(Path file, String url) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection c = DriverManager.getConnection(url, config.toProperties());
        // SQLite opens lazily: read once now, so a bad file is refused here, not mid-check.
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT count(*) FROM sqlite_master").close();
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static boolean isReadOnlyMedium(SQLException e) {
        int primary = primaryCode(e);
        return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN;
    }

    private static boolean hasWalContent(Path file) {
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        try {
            return Files.exists(wal) && Files.size(wal) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static UnreadableLogException refusal(Path file, SQLException e) {
        if (primaryCode(e) == SQLITE_NOTADB) {
            return new UnreadableLogException(file + " is not a door controller database (not an SQLite file)", e);
        }
        return new UnreadableLogException("cannot read the database " + file + ": " + e.getMessage(), e);
    }

    private static int primaryCode(SQLException e) {
        int code = e instanceof SQLiteException ? ((SQLiteException) e).getResultCode().code : e.getErrorCode();
        return code & 0xff;
    }
}
