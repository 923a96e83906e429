package org.accessctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.accessctl.core.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonStoreTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

    private static Person person(String id, String badge, boolean active) {
        return new Person(id, "Name " + id, badge, Set.of("access", "escort"), active, Set.of("door-1"), "KEY");
    }

    @Test
    void storesFindsByBadgeReplacesAndDeletes() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            PersonStore store = new PersonStore(db);
            store.upsert(person("P-001", "0A1B2C3D4E", true), NOW);
            assertEquals(Optional.of(person("P-001", "0A1B2C3D4E", true)), store.personByBadge("0A1B2C3D4E"));

            store.upsert(person("P-001", "1111111111", false), NOW);
            assertEquals(Optional.empty(), store.personByBadge("0A1B2C3D4E"), "the old badge no longer opens");
            assertFalse(store.personByBadge("1111111111").orElseThrow().active());
            assertEquals(1, store.count());

            assertTrue(store.delete("P-001"));
            assertFalse(store.delete("P-001"));
            assertEquals(Optional.empty(), store.personByBadge("1111111111"));
        }
    }

    @Test
    void refusesABadgeThatBelongsToSomeoneElse() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            PersonStore store = new PersonStore(db);
            store.upsert(person("P-001", "0A1B2C3D4E", true), NOW);
            PersonStore.BadgeConflict e = assertThrows(PersonStore.BadgeConflict.class,
                    () -> store.upsert(person("P-002", "0A1B2C3D4E", true), NOW));
            assertEquals("badge 0A1B2C3D4E already belongs to P-001", e.getMessage());
            assertEquals(Optional.empty(), store.personById("P-002"));
        }
    }

    @Test
    void survivesReopening() throws Exception {
        Path file = dir.resolve("door.db");
        try (Database db = Database.open(file)) {
            new PersonStore(db).upsert(person("P-001", "0A1B2C3D4E", true), NOW);
        }
        try (Database db = Database.open(file)) {
            assertTrue(new PersonStore(db).personByBadge("0A1B2C3D4E").isPresent());
        }
    }

    @Test
    void badgeLookupUsesTheIndex() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"));
             PreparedStatement s = db.connection().prepareStatement(
                     "EXPLAIN QUERY PLAN SELECT * FROM persons WHERE badge_uid = ?")) {
            s.setString(1, "X");
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                String plan = rs.getString("detail");
                assertTrue(plan.contains("USING INDEX persons_by_badge"), plan);
            }
        }
    }
}
