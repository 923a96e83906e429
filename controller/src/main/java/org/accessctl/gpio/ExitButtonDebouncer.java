package org.accessctl.gpio;

import java.time.Duration;
import java.util.Objects;
import org.accessctl.core.ElapsedTime;

/**
 * Turns the exit button's raw edges into presses. A mechanical button chatters for a few
 * milliseconds both when pressed and when released, so a fall to low counts as a press only if
 * the previous accepted press and the last rise are both at least the debounce time ago. The
 * second condition matters after a long hold: the release chatter would otherwise look like a
 * fresh press long after the first one was accepted.
 *
 * <p>Time is elapsed time, injected so that the rule can be driven exactly in tests, and never
 * the wall clock: a date stepped back ten minutes must not make every press look like bounce. Edges
 * arrive on the GPIO library's thread; the methods are synchronized because nothing promises
 * that one input's events always come from the same thread.
 */
final class ExitButtonDebouncer {

    private final ElapsedTime elapsed;
    private final Duration debounce;
    private Long lastPress;
    private Long lastRise;

    ExitButtonDebouncer(ElapsedTime elapsed, Duration debounce) {
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
    }

    /** The line fell to low (button pushed). Returns true when this is a real press. */
    synchronized boolean fell() {
        long now = elapsed.nanos();
        if (lastPress != null && (within(lastPress, now) || (lastRise != null && within(lastRise, now)))) {
            return false;
        }
        lastPress = now;
        return true;
    }

    /** The line rose to high (button let go, or chatter). */
    synchronized void rose() {
        lastRise = elapsed.nanos();
    }

    private boolean within(long earlier, long now) {
        return now - earlier < debounce.toNanos();
    }
}
