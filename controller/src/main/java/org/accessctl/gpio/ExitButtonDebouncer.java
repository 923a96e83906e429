package org.accessctl.gpio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns the exit button's raw edges into presses. A mechanical button chatters for a few
 * milliseconds both when pressed and when released, so a fall to low counts as a press only if
 * the previous accepted press and the last rise are both at least the debounce time ago. The
 * second condition matters after a long hold: the release chatter would otherwise look like a
 * fresh press long after the first one was accepted.
 *
 * <p>Time comes from the injected clock so that the rule can be driven exactly in tests. Edges
 * arrive on the GPIO library's thread; the methods are synchronized because nothing promises
 * that one input's events always come from the same thread.
 */
final class ExitButtonDebouncer {

    private final Clock clock;
    private final Duration debounce;
    private Instant lastPress;
    private Instant lastRise;

    ExitButtonDebouncer(Clock clock, Duration debounce) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
    }

    /** The line fell to low (button pushed). Returns true when this is a real press. */
    synchronized boolean fell() {
        Instant now = clock.instant();
        if (lastPress != null && (within(lastPress, now) || (lastRise != null && within(lastRise, now)))) {
            return false;
        }
        lastPress = now;
        return true;
    }

    /** The line rose to high (button let go, or chatter). */
    synchronized void rose() {
        lastRise = clock.instant();
    }

    private boolean within(Instant earlier, Instant now) {
        return Duration.between(earlier, now).compareTo(debounce) < 0;
    }
}
