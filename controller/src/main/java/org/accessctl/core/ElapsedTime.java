package org.accessctl.core;

/**
 * Elapsed time, for durations: a monotonic count of nanoseconds that no one can set. The wall
 * {@link java.time.Clock} says what date it is and may step at any moment (a Pi has no battery
 * clock: network time steps it after boot, a technician steps it with {@code date -s}); a strike
 * released for five seconds must stay released for five seconds whatever the date does.
 *
 * <p>Only differences between two readings mean anything, and they are compared by subtraction
 * ({@code later - earlier >= d}), never by {@code <} on the raw values, because the count may
 * wrap.
 */
@FunctionalInterface
public interface ElapsedTime {

    /** The JVM's monotonic clock ({@link System#nanoTime()}). */
    ElapsedTime SYSTEM = System::nanoTime;

    long nanos();
}
