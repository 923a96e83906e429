package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.accessctl.core.DoorSettings;
import org.accessctl.store.Database;
import org.accessctl.store.LocalDirectory;
import org.accessctl.store.PersonStore;
import org.accessctl.store.ScheduleStore;
import org.accessctl.store.VisitStore;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadgePathWarmUpTest {

    @TempDir
    Path dir;

    @Test
    void theWarmUpDecidesItsBadgesAndDecodesItsRecordsWithoutWritingAnything() {
        MutableClock clock = MutableClock.atVisitMorning();
        try (Database db = Database.open(dir.resolve("door.db"))) {
            PersonStore persons = new PersonStore(db);
            BadgePathWarmUp.run(DoorSettings.defaults("main", "door-1"),
                    new LocalDirectory(persons, new VisitStore(db), new ScheduleStore(db)), clock, clock);
            assertEquals(0, persons.count());
        }
    }
}
