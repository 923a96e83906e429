package org.accessctl.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.accessctl.core.ElapsedTime;

/**
 * The simulator's time: the system's wall clock and monotonic clock, each plus an offset. Time
 * runs at its natural pace; a technician or test can let time pass at once
 * ({@code POST /api/clock/advance}: both move, so a strike relocks or a visit overstays without
 * waiting) or step the date alone ({@code POST /api/clock/step}, either way: what network time
 * does after a Pi boots, or a technician with {@code date -s}), which must move no duration.
 */
public final class SimClock extends Clock implements ElapsedTime {

    private final Clock base;
    private final ElapsedTime baseElapsed;
    /** What advance and step added to the date. */
    private volatile Duration offset = Duration.ZERO;
    /** What advance added to elapsed time; only grows. */
    private volatile long elapsedOffset;

    public SimClock(Clock base) {
        this(base, ElapsedTime.SYSTEM);
    }

    SimClock(Clock base, ElapsedTime baseElapsed) {
        this.base = base;
        this.baseElapsed = baseElapsed;
    }

    /** Time passes at once: the date and elapsed time move on together. */
    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time only passes forward; step the date to move it back");
        }
        elapsedOffset += d.toNanos();
        offset = offset.plus(d);
    }

    /** The date is stepped, either way; no time passes. */
    public synchronized void step(Duration d) {
        offset = offset.plus(d);
    }

    /** How far the date is from the system's. */
    public Duration offset() {
        return offset;
    }

    @Override
    public long nanos() {
        return baseElapsed.nanos() + elapsedOffset;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SimClock c = new SimClock(base.withZone(zone), baseElapsed);
        c.offset = offset;
        c.elapsedOffset = elapsedOffset;
        return c;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }
}
