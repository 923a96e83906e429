package org.accessctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.Event;
import org.accessctl.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {

    @TempDir
    Path dir;

    private static final Instant AT = Instant.parse("2026-11-23T02:00:00.123Z");

    private static Event granted(String personId) {
        return Event.AccessGranted.staffIn(AT, personId, false);
    }

    @Test
    void eventsGetConsecutiveSeqAndTheCommonFields() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            EventLog log = new EventLog(db, "main", "door-1", ZoneOffset.ofHours(7));
            List<CommittedEvent> r = log.append(List.of(granted("P-001"), new Event.DoorOpened(AT)));
            assertEquals(List.of(1L, 2L), r.stream().map(CommittedEvent::seq).toList());

            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) Json.parse(r.get(0).json());
            assertEquals(1L, first.get("seq"));
            assertEquals("2026-11-23T09:00:00.123+07:00", first.get("at"));
            assertEquals("access_granted", first.get("type"));
            assertEquals("main", first.get("site"));
            assertEquals("door-1", first.get("door"));
            assertEquals("P-001", first.get("personId"));
            assertEquals(Json.canonical(first), r.get(0).json(), "the stored text is canonical");
        }
    }

    @Test
    void chainFollowsTheContractFormula() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            EventLog log = new EventLog(db, "main", "door-1", ZoneOffset.UTC);
            List<CommittedEvent> r = log.append(List.of(granted("P-001"), granted("P-002")));
            String previous = EventLog.GENESIS_CHAIN;
            for (CommittedEvent e : r) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = (Map<String, Object>) Json.parse(e.json());
                String chain = (String) body.remove("chain");
                assertEquals(EventLog.chain(previous, Json.canonical(body)), chain);
                assertEquals(64, chain.length());
                previous = chain;
            }
            assertNotEquals(EventLog.chain(EventLog.GENESIS_CHAIN, "{}"), EventLog.chain(EventLog.GENESIS_CHAIN, "{ }"));
        }
    }

    @Test
    void seqAndChainContinueAfterReopening() {
        Path file = dir.resolve("door.db");
        String lastJson;
        try (Database db = Database.open(file)) {
            lastJson = new EventLog(db, "main", "door-1", ZoneOffset.UTC).append(List.of(granted("P-001"))).get(0).json();
        }
        try (Database db = Database.open(file)) {
            EventLog log = new EventLog(db, "main", "door-1", ZoneOffset.UTC);
            assertEquals(1, log.lastSeq());
            CommittedEvent next = log.append(List.of(granted("P-002"))).get(0);
            assertEquals(2, next.seq());
            @SuppressWarnings("unchecked")
            Map<String, Object> prev = (Map<String, Object>) Json.parse(lastJson);
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) Json.parse(next.json());
            String chain = (String) body.remove("chain");
            assertEquals(EventLog.chain((String) prev.get("chain"), Json.canonical(body)), chain);
            assertEquals(List.of(1L, 2L), new DeliveryMark(db).after(0, 10).stream().map(CommittedEvent::seq).toList());
            assertEquals(List.of(2L), new DeliveryMark(db).after(1, 10).stream().map(CommittedEvent::seq).toList());
        }
    }

    @Test
    void aFailedCommitLeavesSeqWhereItWas() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            EventLog log = new EventLog(db, "main", "door-1", ZoneOffset.UTC);
            log.append(List.of(granted("P-001")));
            try (Statement s = db.connection().createStatement()) {
                // Make the next insert fail, as a full disk or broken file would.
                s.execute("CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END");
            }
            assertThrows(StoreException.class, () -> log.append(List.of(granted("P-002"))));
            assertEquals(1, log.lastSeq());
            try (Statement s = db.connection().createStatement()) {
                s.execute("DROP TRIGGER refuse");
            }
            assertEquals(2, log.append(List.of(granted("P-003"))).get(0).seq());
        }
    }

    @Test
    void deliveryMarkPersistsAndNeverMovesBack() {
        Path file = dir.resolve("door.db");
        try (Database db = Database.open(file)) {
            DeliveryMark mark = new DeliveryMark(db);
            assertEquals(0, mark.deliveredSeq());
            mark.markDelivered(5);
            mark.markDelivered(3);
            assertEquals(5, mark.deliveredSeq());
        }
        try (Database db = Database.open(file)) {
            assertEquals(5, new DeliveryMark(db).deliveredSeq());
        }
    }

    @Test
    void databaseUsesWalAndFullSync() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"));
             Statement s = db.connection().createStatement()) {
            var rs = s.executeQuery("PRAGMA journal_mode");
            rs.next();
            assertEquals("wal", rs.getString(1));
            rs = s.executeQuery("PRAGMA synchronous");
            rs.next();
            assertEquals(2, rs.getInt(1), "2 = FULL");
            assertEquals(Migrations.latest(), Migrations.userVersion(db.connection()));
        }
    }
}
