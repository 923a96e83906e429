package org.accessctl.serial;

import java.time.ZoneOffset;
import org.accessctl.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepeatFilterTest {

    private static final Duration WINDOW = Duration.ofMillis(1500);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T08:00:00Z"), ZoneOffset.UTC);
    private final RepeatFilter filter = new RepeatFilter(clock, WINDOW);

    @Test
    void firstReadPasses() {
        assertTrue(filter.accept("62E3086CED"));
    }

    @Test
    void sameBadgeWithinTheWindowIsOneRead() {
        assertTrue(filter.accept("62E3086CED"));
        clock.advance(Duration.ofMillis(100));
        assertFalse(filter.accept("62E3086CED"));
        clock.advance(WINDOW.minusMillis(100));
        assertFalse(filter.accept("62E3086CED"));
    }

    @Test
    void aCardHeldForTenSecondsIsOneRead() {
        assertTrue(filter.accept("62E3086CED"));
        // The RDM6300 repeats about every 100 ms; each repeat extends the window.
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(100));
            assertFalse(filter.accept("62E3086CED"), "repeat " + i);
        }
    }

    @Test
    void sameBadgeAfterAPauseLongerThanTheWindowPassesAgain() {
        assertTrue(filter.accept("62E3086CED"));
        clock.advance(Duration.ofMillis(500));
        assertFalse(filter.accept("62E3086CED"));
        clock.advance(WINDOW.plusMillis(1));
        assertTrue(filter.accept("62E3086CED"));
    }

    @Test
    void aPauseOfExactlyTheWindowIsStillWithinIt() {
        assertTrue(filter.accept("62E3086CED"));
        clock.advance(WINDOW);
        assertFalse(filter.accept("62E3086CED"));
    }

    @Test
    void aDifferentBadgePassesAtOnce() {
        assertTrue(filter.accept("62E3086CED"));
        assertTrue(filter.accept("0102030405"));
        assertTrue(filter.accept("62E3086CED"));
    }

    @Test
    void badgesAreComparedUpperCase() {
        assertTrue(filter.accept("62e3086ced"));
        assertFalse(filter.accept("62E3086CED"));
    }

    @Test
    void aClockSteppedBackIsStillWithinTheWindow() {
        assertTrue(filter.accept("62E3086CED"));
        clock.advance(Duration.ofSeconds(-30));
        assertFalse(filter.accept("62E3086CED"));
    }

    @Test
    void zeroWindowOnlySuppressesReadsAtTheSameInstant() {
        RepeatFilter none = new RepeatFilter(clock, Duration.ZERO);
        assertTrue(none.accept("62E3086CED"));
        assertFalse(none.accept("62E3086CED"));
        clock.advance(Duration.ofMillis(1));
        assertTrue(none.accept("62E3086CED"));
    }

    @Test
    void negativeWindowIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new RepeatFilter(clock, Duration.ofMillis(-1)));
    }

    @Test
    void aSteppedWallClockNeitherSwallowsNorDoublesReads() {
        assertTrue(filter.accept("62E3086CED"));
        clock.step(Duration.ofHours(1));
        clock.advance(Duration.ofMillis(100));
        assertFalse(filter.accept("62E3086CED"), "a date stepped forward does not make a repeat a new read");
        clock.step(Duration.ofHours(-2));
        clock.advance(WINDOW.plusMillis(1));
        assertTrue(filter.accept("62E3086CED"), "a date stepped back does not swallow the next tap");
    }
}
