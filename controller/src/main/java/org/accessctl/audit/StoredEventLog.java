package org.accessctl.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks the event log in a door's SQLite file, opened read-only (an auditor must leave
 * evidence, and a running daemon's file, exactly as found). Rows are read through one cursor
 * in seq order, so the log is never held in memory.
 */
public final class StoredEventLog {

    private StoredEventLog() {
    }

    /**
     * @throws ChainBreak at the first row that does not fit the chain
     * @throws UnreadableLogException when the file is missing, unreadable or not a door's database
     */
    public static VerifiedLog verify(Path file) throws ChainBreak, UnreadableLogException {
        try (Connection c = ReadOnlyDatabase.open(file)) {
            requireEventsTable(c, file);
            return verifyRows(c);
        } catch (SQLException e) {
            throw new UnreadableLogException("cannot read the database " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireEventsTable(Connection c, Path file) throws SQLException, UnreadableLogException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM pragma_table_info('events')");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        if (!columns.containsAll(Set.of("seq", "json", "chain"))) {
            throw new UnreadableLogException(file + " is not a door controller database: it has no events table"
                    + " with seq, json and chain");
        }
    }

    private static VerifiedLog verifyRows(Connection c) throws SQLException, ChainBreak {
        ChainVerifier verifier = ChainVerifier.fromFirstEvent();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, json, chain FROM events ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long rowSeq = rs.getLong(1);
                verifier.accept(rowEvent(rowSeq, rs.getString(2), rs.getString(3)));
            }
        }
        return VerifiedLog.of(verifier, OptionalLong.empty());
    }

    /**
     * The row's event. The table keeps seq and chain in columns of their own (for lookups and
     * for the next append); they must say what the event's own JSON says, or one of them was
     * edited.
     */
    private static LoggedEvent rowEvent(long rowSeq, String json, String rowChain) throws ChainBreak {
        if (json == null) {
            throw ChainBreak.atSeq(rowSeq, "the row has no json");
        }
        LoggedEvent event;
        try {
            event = LoggedEvent.read(json);
        } catch (ChainBreak e) {
            throw e.orAtSeq(rowSeq);
        }
        if (event.seq() != rowSeq) {
            throw ChainBreak.atSeq(rowSeq, "the row with seq " + rowSeq + " holds an event whose json says seq "
                    + event.seq() + " (rows renumbered or json edited)");
        }
        if (!event.chain().equals(rowChain)) {
            throw ChainBreak.atSeq(rowSeq, "the chain column differs from the json's chain member"
                    + " (one of them was edited)");
        }
        return event;
    }
}
