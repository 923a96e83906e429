package org.accessctl.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The simulator's clock: the system clock plus an offset that only grows. Time runs at its
 * natural pace, and a technician or test can jump it forward ({@code POST /api/clock/advance})
 * to see a strike relock, a held-open alarm or a visit overstay without waiting for it.
 */
public final class SimClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public SimClock(Clock base) {
        this.base = base;
    }

    public synchronized void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the simulator's clock only moves forward");
        }
        offset = offset.plus(d);
    }

    public Duration offset() {
        return offset;
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        SimClock c = new SimClock(base.withZone(zone));
        c.offset = offset;
        return c;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }
}
