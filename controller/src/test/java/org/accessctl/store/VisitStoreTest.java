package org.accessctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accessctl.core.Alarm;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.DoorMemory;
import org.accessctl.core.Event;
import org.accessctl.core.Occupant;
import org.accessctl.core.Visit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VisitStoreTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    static Visit visit(String id, String badge, Visit.Status status, Instant from, Instant until) {
        return new Visit(id, status, "Budi", "Vendor X", "Replace disk", badge, from, until, Set.of("P-001"),
                Set.of("door-1"), "P-100", List.of(Map.of("description", "Laptop", "serial", "ABC123")), null);
    }

    @Test
    void storesAndReadsBackEveryField() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            VisitStore store = new VisitStore(db);
            Visit v = visit("V-1", "1122334455", Visit.Status.APPROVED, NOW, NOW.plusSeconds(3600));
            store.upsert(v, NOW);
            assertEquals(Optional.of(v), store.byId("V-1"));
            assertEquals(List.of(v), store.byBadge("1122334455"));
        }
    }

    @Test
    void aReusedBadgeListsItsLatestVisitsFirstAndBounded() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            VisitStore store = new VisitStore(db);
            for (int day = 0; day < 40; day++) {
                Instant from = NOW.plus(Duration.ofDays(day));
                store.upsert(visit("V-" + day, "1122334455", Visit.Status.APPROVED, from, from.plusSeconds(3600)), NOW);
            }
            List<Visit> visits = store.byBadge("1122334455");
            assertEquals(16, visits.size());
            assertEquals("V-39", visits.get(0).visitId());
        }
    }

    @Test
    void completionSurvivesAHelpdeskUpdateAndIsCommittedWithItsEvent() {
        Path file = dir.resolve("door.db");
        try (Database db = Database.open(file)) {
            VisitStore store = new VisitStore(db);
            store.upsert(visit("V-1", "1122334455", Visit.Status.APPROVED, NOW, NOW.plusSeconds(3600)), NOW);
            EventLog log = new EventLog(db, "main", "door-1", ZoneOffset.UTC);
            log.append(List.of(new Event.VisitCompleted(NOW.plusSeconds(60), "V-1", null, null, null, null, null, null, null,
                    null, null)));
            assertEquals(NOW.plusSeconds(60), store.byId("V-1").orElseThrow().completedAt());
            // The retained record arrives again after a reconnect: the visit stays closed.
            store.upsert(visit("V-1", "1122334455", Visit.Status.APPROVED, NOW, NOW.plusSeconds(3600)), NOW);
            assertEquals(NOW.plusSeconds(60), store.byId("V-1").orElseThrow().completedAt());
        }
    }

    @Test
    void onlyOverlappingOpenApprovedVisitsHoldABadge() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            VisitStore store = new VisitStore(db);
            store.upsert(visit("V-1", "1122334455", Visit.Status.APPROVED, NOW, NOW.plusSeconds(3600)), NOW);
            store.upsert(visit("V-2", "1122334455", Visit.Status.REVOKED, NOW, NOW.plusSeconds(3600)), NOW);
            Instant tomorrow = NOW.plus(Duration.ofDays(1));
            assertTrue(store.holderOf("1122334455", "V-3", NOW.plusSeconds(1800), NOW.plusSeconds(7200), NOW).isPresent());
            assertFalse(store.holderOf("1122334455", "V-3", tomorrow, tomorrow.plusSeconds(3600), NOW).isPresent(),
                    "tomorrow's visit may reuse today's badge");
            assertFalse(store.holderOf("1122334455", "V-1", NOW, NOW.plusSeconds(3600), NOW).isPresent(),
                    "a visit does not conflict with itself");
            assertFalse(store.holderOf("1122334455", "V-3", NOW, NOW.plusSeconds(60), NOW.plusSeconds(3600)).isPresent(),
                    "an expired visit holds nothing");
        }
    }

    @Test
    void memoryRoundTripsAndIsCommittedWithTheEvents() {
        Path file = dir.resolve("door.db");
        DoorMemory memory = new DoorMemory(
                List.of(Occupant.person("P-001", NOW), new Occupant(null, "V-1", List.of("P-001"), NOW, false,
                        List.of("visitor_unescorted"))),
                List.of(new Alarm("visitor_unescorted", "V-1", NOW.plusSeconds(5))), true);
        try (Database db = Database.open(file)) {
            assertEquals(DoorMemory.EMPTY, DoorMemoryStore.load(db));
            new EventLog(db, "main", "door-1", ZoneOffset.UTC).commit(List::of, () -> memory);
        }
        try (Database db = Database.open(file)) {
            assertEquals(memory, DoorMemoryStore.load(db));
        }
    }

    @Test
    void eventTimesInsideFieldsAreWrittenLikeAt() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            CommittedEvent r = new EventLog(db, "main", "door-1", ZoneOffset.ofHours(7)).append(List.of(
                    new Event.EscortPending(NOW, null, "V-1", NOW.plusSeconds(30))))
                    .get(0);
            assertTrue(r.json().contains("\"until\":\"2026-11-23T09:00:30.000+07:00\""), r.json());
        }
    }

    /**
     * Limits that scale: every lookup a decision makes is answered from an index, so it costs the
     * same with 100,000 persons and 100,000 visits as with ten. Shown by the query plans on a
     * database that holds that many.
     */
    @Test
    void decisionsReadIndexesWithAHundredThousandPersonsAndVisits() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            db.inTransaction(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO persons (person_id, badge_uid, name, roles, active, doors, public_key, updated_at) VALUES (?, ?, 'n', '[\"access\"]', 1, '[]', NULL, 'x')");
                     PreparedStatement v = c.prepareStatement("INSERT INTO visits (visit_id, badge_uid, status, valid_from, valid_until, record, completed_at, updated_at) VALUES (?, ?, 'approved', ?, ?, '{}', NULL, 'x')")) {
                    for (int i = 0; i < 100_000; i++) {
                        p.setString(1, "P-" + i);
                        p.setString(2, String.format("%010X", i));
                        p.addBatch();
                        v.setString(1, "V-" + i);
                        v.setString(2, String.format("%010X", 0x1000000L + i % 50_000));
                        v.setLong(3, i * 1000L);
                        v.setLong(4, i * 1000L + 3_600_000);
                        v.addBatch();
                    }
                    p.executeBatch();
                    v.executeBatch();
                }
                return null;
            });
            db.execute("ANALYZE");
            List<String> plans = new ArrayList<>();
            for (String sql : List.of(
                    "SELECT * FROM persons WHERE badge_uid = ?",
                    "SELECT * FROM persons WHERE person_id = ?",
                    "SELECT * FROM visits WHERE badge_uid = ? ORDER BY valid_until DESC LIMIT 16",
                    "SELECT * FROM visits WHERE visit_id = ?")) {
                try (PreparedStatement s = db.connection().prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
                    s.setString(1, "X");
                    try (ResultSet rs = s.executeQuery()) {
                        StringBuilder plan = new StringBuilder();
                        while (rs.next()) {
                            plan.append(rs.getString("detail")).append("; ");
                        }
                        plans.add(sql + " => " + plan);
                    }
                }
            }
            for (String p : plans) {
                assertTrue(p.contains("SEARCH") && (p.contains("INDEX") || p.contains("PRIMARY KEY")), p);
                assertFalse(p.contains("SCAN") || p.contains("TEMP B-TREE"), "no scan, no sort: " + p);
            }
            assertNull(new PersonStore(db).personById("P-100000").orElse(null));
        }
    }
}
