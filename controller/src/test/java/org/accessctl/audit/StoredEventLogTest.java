package org.accessctl.audit;

import static org.accessctl.audit.DoorLogFixture.chainOf;
import static org.accessctl.audit.DoorLogFixture.execute;
import static org.accessctl.audit.DoorLogFixture.jdbc;
import static org.accessctl.audit.DoorLogFixture.rechained;
import static org.accessctl.audit.DoorLogFixture.storedJson;
import static org.accessctl.audit.DoorLogFixture.withMember;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import org.accessctl.json.Json;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredEventLogTest {

    @TempDir
    Path dir;

    private Path db;

    @BeforeEach
    void tenEvents() {
        db = DoorLogFixture.database(dir.resolve("door.db"), 10);
    }

    private String breakOf(Path file) {
        return assertThrows(ChainBreak.class, () -> StoredEventLog.verify(file)).describe();
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        VerifiedLog verified = StoredEventLog.verify(db);
        String last;
        try (Connection c = jdbc(db)) {
            last = chainOf(storedJson(c, 10));
        }
        assertEquals("ok: 10 events, seq 1..10, door main/door-1, last chain " + last, verified.describe());
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
    void anEmptyLogVerifiesAndSaysSo() throws Exception {
        Path empty = dir.resolve("empty.db");
        Database.open(empty).close();
        assertEquals("ok: 0 events (the log is empty)", StoredEventLog.verify(empty).describe());
    }

    @Test
    void anEventDeletedInTheMiddleIsAGap() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "DELETE FROM events WHERE seq = 5");
        }
        assertEquals("break at seq 5: expected seq 5, found 6 (1 event missing)", breakOf(db));
    }

    @Test
    void deletedFirstEventsAreNamed() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "DELETE FROM events WHERE seq <= 2");
        }
        assertEquals("break at seq 1: expected seq 1, found 3 (the log's first 2 events are missing)", breakOf(db));
    }

    @Test
    void eventsDeletedAtTheEndAreNotDetectedByTheChainAlone() throws Exception {
        // Truncation leaves a shorter log that is valid in itself; only comparing the last seq
        // and chain with an independent copy shows it (see the auditors' documentation).
        try (Connection c = jdbc(db)) {
            execute(c, "DELETE FROM events WHERE seq >= 9");
        }
        VerifiedLog verified = StoredEventLog.verify(db);
        assertEquals(8, verified.lastSeq());
    }

    @Test
    void anAlteredFieldBreaksTheChainAtThatEvent() throws Exception {
        try (Connection c = jdbc(db)) {
            String altered = withMember(storedJson(c, 5), "personId", "P-999");
            execute(c, "UPDATE events SET json = ? WHERE seq = 5", altered);
        }
        assertEquals("break at seq 5: chain does not match (event altered, or one before it deleted or reordered)",
                breakOf(db));
    }

    @Test
    void anAlteredChainBreaksAtThatEvent() throws Exception {
        String forged = "ab".repeat(32);
        try (Connection c = jdbc(db)) {
            execute(c, "UPDATE events SET json = ?, chain = ? WHERE seq = 4",
                    withMember(storedJson(c, 4), "chain", forged), forged);
        }
        assertEquals("break at seq 4: chain does not match (event altered, or one before it deleted or reordered)",
                breakOf(db));
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
    void anInsertedEventWithAFabricatedChainBreaksWhereItWasInserted() throws Exception {
        try (Connection c = jdbc(db)) {
            // Make room at seq 5, renumbering the later events' rows and json as a careful forger would.
            for (long seq = 10; seq >= 5; seq--) {
                String moved = withMember(storedJson(c, seq), "seq", seq + 1);
                execute(c, "UPDATE events SET seq = ?, json = ? WHERE seq = ?", seq + 1, moved, seq);
            }
            String fabricated = withMember(withMember(storedJson(c, 4), "seq", 5L), "chain", "0f".repeat(32));
            execute(c, "INSERT INTO events (seq, at, type, json, chain) VALUES (5, '2026-11-23T02:00:04Z', "
                    + "'door_opened', ?, ?)", fabricated, "0f".repeat(32));
        }
        assertEquals("break at seq 5: chain does not match (event altered, or one before it deleted or reordered)",
                breakOf(db));
    }

    @Test
    void anEventForgedWithTheFormulaIsCaughtAtTheNextGenuineOne() throws Exception {
        try (Connection c = jdbc(db)) {
            // Someone who knows the formula can make an altered event chain correctly after its
            // predecessor, but the next genuine event was hashed after the original.
            String forged = rechained(withMember(storedJson(c, 5), "personId", "P-999"), chainOf(storedJson(c, 4)));
            execute(c, "UPDATE events SET json = ?, chain = ? WHERE seq = 5", forged, chainOf(forged));
        }
        assertEquals("break at seq 6: chain does not match (event altered, or one before it deleted or reordered)",
                breakOf(db));
    }

    @Test
    void twoSwappedEventsBreakAtTheFirst() throws Exception {
        try (Connection c = jdbc(db)) {
            // Swap what happened at seq 5 and 6, keeping each row's seq so the numbering looks right.
            String fifth = storedJson(c, 5);
            String sixth = storedJson(c, 6);
            execute(c, "UPDATE events SET json = ?, chain = ? WHERE seq = 5",
                    withMember(sixth, "seq", 5L), chainOf(sixth));
            execute(c, "UPDATE events SET json = ?, chain = ? WHERE seq = 6",
                    withMember(fifth, "seq", 6L), chainOf(fifth));
        }
        assertEquals("break at seq 5: chain does not match (event altered, or one before it deleted or reordered)",
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
    void nonCanonicalJsonIsNamed() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "UPDATE events SET json = replace(json, ',\"', ', \"') WHERE seq = 3");
        }
        assertEquals("break at seq 3: json is not in canonical form (rewritten after it was recorded)", breakOf(db));
    }

    @Test
    void jsonThatDoesNotParseIsNamedByItsRow() throws Exception {
        try (Connection c = jdbc(db)) {
            execute(c, "UPDATE events SET json = substr(json, 1, 20) WHERE seq = 8");
        }
        assertTrue(breakOf(db).startsWith("break at seq 8: not JSON: "));
    }

    @Test
    void anEventOfAnotherDoorIsNamedEvenWhenTheChainWasRecomputed() throws Exception {
        try (Connection c = jdbc(db)) {
            // Recomputing the chain from there on makes the chain hold; the door check still sees it.
            String previous = chainOf(storedJson(c, 5));
            for (long seq = 6; seq <= 10; seq++) {
                String json = storedJson(c, seq);
                String rewritten = rechained(seq == 6 ? withMember(json, "door", "door-2") : json, previous);
                previous = chainOf(rewritten);
                execute(c, "UPDATE events SET json = ?, chain = ? WHERE seq = ?", rewritten, previous, seq);
            }
        }
        assertEquals("break at seq 6: event names door main/door-2, the log so far is main/door-1"
                + " (events of another door mixed in)", breakOf(db));
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

        e = assertThrows(UnreadableLogException.class, () -> StoredEventLog.verify(dir.resolve("missing.db")));
        assertTrue(e.getMessage().startsWith("no such file"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("missing.db")), "a missing file is not created");
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
