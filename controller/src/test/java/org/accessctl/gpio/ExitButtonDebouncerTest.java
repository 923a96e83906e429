package org.accessctl.gpio;

import java.time.ZoneOffset;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExitButtonDebouncerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final ExitButtonDebouncer debouncer = new ExitButtonDebouncer(clock, Duration.ofMillis(50));

    @Test
    void firstFallIsAPressEvenRightAfterTheLineSettledHigh() {
        debouncer.rose();
        assertTrue(debouncer.fell());
    }

    @Test
    void chatterOnPressIsOnePress() {
        assertTrue(debouncer.fell());
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(3));
            debouncer.rose();
            clock.advance(Duration.ofMillis(3));
            assertFalse(debouncer.fell());
        }
    }

    @Test
    void pressAfterTheWindowCounts() {
        assertTrue(debouncer.fell());
        clock.advance(Duration.ofMillis(5));
        debouncer.rose();
        clock.advance(Duration.ofMillis(50));
        assertTrue(debouncer.fell());
    }

    @Test
    void chatterOnReleaseAfterALongHoldIsNotAPress() {
        assertTrue(debouncer.fell());
        clock.advance(Duration.ofSeconds(2));
        debouncer.rose();
        clock.advance(Duration.ofMillis(2));
        assertFalse(debouncer.fell());
        clock.advance(Duration.ofMillis(2));
        debouncer.rose();
    }

    @Test
    void noDebounceAcceptsEveryFall() {
        ExitButtonDebouncer none = new ExitButtonDebouncer(clock, Duration.ZERO);
        assertTrue(none.fell());
        none.rose();
        assertTrue(none.fell());
    }

    @Test
    void aSteppedWallClockChangesNothing() {
        assertTrue(debouncer.fell());
        clock.advance(Duration.ofMillis(5));
        debouncer.rose();
        clock.step(Duration.ofMinutes(-10));
        clock.advance(Duration.ofMillis(50));
        assertTrue(debouncer.fell(), "a date stepped back ten minutes does not turn every press into bounce");
        clock.step(Duration.ofHours(1));
        clock.advance(Duration.ofMillis(3));
        debouncer.rose();
        clock.advance(Duration.ofMillis(3));
        assertFalse(debouncer.fell(), "a date stepped forward does not turn bounce into presses");
    }
}
