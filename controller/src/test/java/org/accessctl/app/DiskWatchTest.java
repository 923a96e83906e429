package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.accessctl.core.Event;
import org.junit.jupiter.api.Test;

class DiskWatchTest {

    private static final long GIB = 1L << 30;
    private final AtomicLong free = new AtomicLong(10 * GIB);
    private final DiskWatch watch = new DiskWatch(free::get, () -> 16 * GIB);
    private final Instant now = Instant.parse("2026-11-23T02:00:00Z");

    private List<String> check() {
        return watch.check(now).stream().map(Event::type).toList();
    }

    @Test
    void saysOnceWhenTheDiskIsNearlyFullAndOnceWhenThereIsRoomAgain() {
        assertEquals(List.of(), check());
        free.set(300L << 20); // 300 MiB of 16 GiB: under 2 %
        assertEquals(List.of("disk_low"), check());
        assertEquals(List.of(), check(), "not again while it stays low");
        free.set(400L << 20); // above the line, but not clearly
        assertEquals(List.of(), check());
        free.set(1 * GIB);
        assertEquals(List.of("disk_ok"), check());
    }

    @Test
    void theEventSaysHowMuchIsLeft() {
        free.set(10L << 20);
        Event e = watch.check(now).get(0);
        assertEquals(Map.of("freeBytes", 10L << 20, "totalBytes", 16 * GIB), e.fields());
    }

    @Test
    void saysNothingWhenItCannotTell() {
        DiskWatch blind = new DiskWatch(() -> -1, () -> -1);
        assertEquals(List.of(), blind.check(now));
    }
}
