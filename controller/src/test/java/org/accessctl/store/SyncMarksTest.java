package org.accessctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accessctl.core.Person;
import org.accessctl.records.RecordKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncMarksTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");

    private static Person person(String id) {
        return new Person(id, id, "B-" + id, Set.of(Person.ROLE_ACCESS), true, Set.of(), null);
    }

    @Test
    void theSweepDeletesOnlyWhatIsStillUnshownWhenItRuns() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            PersonStore persons = new PersonStore(db);
            SyncMarks marks = new SyncMarks(db);
            for (String id : List.of("p1", "p2", "p3")) {
                persons.upsert(person(id), NOW, "sync-1");
            }
            persons.upsert(person("p1"), NOW, "sync-2");
            Map<RecordKind, List<String>> unseen = marks.unseen("sync-2");
            assertEquals(List.of("p2", "p3"), unseen.get(RecordKind.PERSON).stream().sorted().toList());
            // Shown between the count and the sweep (a record the second pass asked for, arriving late).
            persons.upsert(person("p3"), NOW, "sync-2");
            Map<RecordKind, Integer> removed = marks.sweep("sync-2", unseen);
            assertEquals(1, removed.get(RecordKind.PERSON));
            assertTrue(persons.personById("p2").isEmpty());
            assertTrue(persons.personById("p3").isPresent(), "a record shown before the sweep is kept");
            assertTrue(persons.personById("p1").isPresent());
        }
    }

    @Test
    void ofAListOfIdsThoseTheSyncHasNotShownAreFoundInChunks() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            PersonStore persons = new PersonStore(db);
            SyncMarks marks = new SyncMarks(db);
            List<String> listed = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 1_234; i++) {
                String id = "p" + i;
                listed.add(id);
                if (i % 3 == 0) {
                    persons.upsert(person(id), NOW, "sync-2"); // shown
                } else if (i % 3 == 1) {
                    persons.upsert(person(id), NOW, "sync-1"); // held, not shown
                    expected.add(id);
                } else {
                    expected.add(id); // listed upstream, never arrived
                }
            }
            assertEquals(expected, marks.notShown(RecordKind.PERSON, "sync-2", listed));
            assertEquals(List.of(), marks.notShown(RecordKind.PERSON, "sync-2", List.of()));
        }
    }
}
