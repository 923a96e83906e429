package org.accessctl.audit;

import static org.accessctl.audit.DoorLogFixture.execute;
import static org.accessctl.audit.DoorLogFixture.jdbc;
import static org.accessctl.audit.DoorLogFixture.storedJson;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accessctl.json.Json;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;
import org.junit.jupiter.api.Test;

/** The door's database, tampered with through plain SQL as anyone with the file could. */
class StoredEventLogTest extends EventLogVerifierContract {

    /** The events table rewritten to hold these events, each row under its own seq. */
    @Override
    VerifiedLog verify(List<String> log) throws Exception {
        if (!log.equals(events)) {
            try (Connection c = jdbc(db)) {
                execute(c, "DELETE FROM events");
                for (String json : log) {
                    Map<String, Object> e = DoorLogFixture.parse(json);
                    execute(c, "INSERT INTO events (seq, at, type, json, chain) VALUES (?, ?, ?, ?, ?)",
                            e.get("seq"), e.get("at"), e.get("type"), json, e.get("chain"));
                }
            }
        }
        return StoredEventLog.verify(db);
    }

    @Override
    VerifiedLog verify(Path file) throws Exception {
        return StoredEventLog.verify(file);
    }

    @Override
    String at(long seq) {
        return "seq " + seq;
    }

    @Override
    String okEnd() {
        return "";
    }

    private String breakOf(Path file) {
        return assertThrows(ChainBreak.class, () -> StoredEventLog.verify(file)).describe();
    }

    @Test
    void verifyingLeavesTheFileExactlyAsItWas() throws Exception {
        byte[] before = Files.readAllBytes(db);
        StoredEventLog.verify(db);
        assertArrayEquals(before, Files.readAllBytes(db));
        // SQLite may place an empty write-ahead log beside a WAL file it reads; nothing goes into it.
        Path wal = dir.resolve("door.db-wal");
        assertTrue(!Files.exists(wal) || Files.size(wal) == 0);
    }

    @Test
    void evidenceOnReadOnlyMediaCanBeVerified() throws Exception {
        // The permissions below bind every user but root, who may write anywhere.
        assumeFalse("root".equals(System.getProperty("user.name")), "permissions do not bind root");
        Path evidence = Files.createDirectory(dir.resolve("evidence"));
        Path copy = Files.copy(db, evidence.resolve("door.db"));
        Set<PosixFilePermission> readOnly = PosixFilePermissions.fromString("r-xr-xr-x");
        Files.setPosixFilePermissions(evidence, readOnly);
        try {
            assertEquals(10, StoredEventLog.verify(copy).events());
        } finally {
            Files.setPosixFilePermissions(evidence, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void theLiveFileVerifiesWhileTheDaemonHasItOpen() throws Exception {
        try (Database live = Database.open(db)) {
            new EventLog(live, "main", "door-1", ZoneOffset.UTC).append(List.of(DoorLogFixture.event(11)));
            assertEquals(11, StoredEventLog.verify(db).lastSeq());
        }
    }

    @Test
    void deletedFirstEventsAreNamed() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "DELETE FROM events WHERE seq <= 2");
        }
        assertEquals("break at seq 1: expected seq 1, found 3 (the log's first 2 events are missing)", breakOf(db));
    }

    @Test
    void aChainColumnThatDisagreesWithTheJsonIsNamed() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "UPDATE events SET chain = ? WHERE seq = 7", "cd".repeat(32));
        }
        assertEquals("break at seq 7: the chain column differs from the json's chain member (one of them was edited)",
                breakOf(db));
    }

    @Test
    void rowsRenumberedOverADeletionAreNamed() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "DELETE FROM events WHERE seq = 5");
            for (long seq = 6; seq <= 10; seq++) {
                execute(c, "UPDATE events SET seq = ? WHERE seq = ?", seq - 1, seq);
            }
        }
        assertEquals("break at seq 5: the row with seq 5 holds an event whose json says seq 6"
                + " (rows renumbered or json edited)", breakOf(db));
    }

    @Test
    void jsonThatDoesNotParseIsNamedByItsRow() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "UPDATE events SET json = substr(json, 1, 20) WHERE seq = 8");
        }
        assertTrue(breakOf(db).startsWith("break at seq 8: not JSON: "));
    }

    @Test
    void aFileThatIsNotADoorDatabaseIsRefusedClearly() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "these are not events\n".repeat(100));
        UnreadableLogException e = assertThrows(UnreadableLogException.class, () -> StoredEventLog.verify(text));
        assertEquals(text + " is not a door controller database (not an SQLite file)", e.getMessage());

        Path other = dir.resolve("other.db");
        try (Connection c = jdbc(other)) {
            execute(c, "CREATE TABLE t (x)");
        }
        e = assertThrows(UnreadableLogException.class, () -> StoredEventLog.verify(other));
        assertTrue(e.getMessage().contains("not a door controller database: it has no events table"), e.getMessage());
        assertEquals(List.of("t"), tables(other), "nothing was created in it");
    }

    private static List<String> tables(Path file) throws Exception {
        try (Connection c = jdbc(file);
             var rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    @Test
    void anEventMissingACommonMemberIsRefused() throws Exception {
        try (Connection c = jdbc(db)) {
            var event = DoorLogFixture.parse(storedJson(c, 2));
            event.remove("type");
            execute(c, "UPDATE events SET json = ? WHERE seq = 2", Json.canonical(event));
        }
        assertTrue(breakOf(db).startsWith("break at seq 2: not an event: field \"type\""), breakOf(db));
    }
}
