package org.accessctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Schedule;
import org.accessctl.records.RecordKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleStoreTest {

    @TempDir
    Path dir;

    private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
    private static final LocalDate EVE = LocalDate.parse("2026-12-24");
    private static final LocalDate CHRISTMAS = LocalDate.parse("2026-12-25");

    private static Schedule office(int toMinute) {
        return new Schedule("office", ZoneId.of("Asia/Jakarta"),
                List.of(new Schedule.Window(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 450, toMinute),
                        new Schedule.Window(EnumSet.of(DayOfWeek.SATURDAY), 22 * 60, 6 * 60)),
                Map.of(CHRISTMAS, new Schedule.DateException(CHRISTMAS, true, List.of()),
                        EVE, new Schedule.DateException(EVE, false,
                                List.of(new Schedule.Window(EnumSet.noneOf(DayOfWeek.class), 450, 720)))));
    }

    @Test
    void aScheduleReadsBackAsItWasStoredAndChangesWithItsRow() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            ScheduleStore store = new ScheduleStore(db);
            store.upsert(office(1020), NOW, "sync-1");
            assertEquals(office(1020), store.byId("office").orElseThrow());
            store.upsert(office(1080), NOW, null);
            assertEquals(office(1080), store.byId("office").orElseThrow(), "a changed row is read again");
            assertTrue(store.byId("night").isEmpty());
        }
    }

    @Test
    void aScheduleSweptByASyncIsGoneThoughItWasReadBefore() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            ScheduleStore store = new ScheduleStore(db);
            store.upsert(office(1020), NOW, "sync-1");
            assertTrue(store.byId("office").isPresent());
            SyncMarks marks = new SyncMarks(db);
            assertEquals(new SyncMarks.Tally(0, 1), marks.tally(RecordKind.SCHEDULE, "sync-2"));
            assertEquals(1, marks.sweep("sync-2", marks.unseen("sync-2")).get(RecordKind.SCHEDULE));
            assertTrue(store.byId("office").isEmpty());
        }
    }
}
