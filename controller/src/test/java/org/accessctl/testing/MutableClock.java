package org.accessctl.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.accessctl.core.ElapsedTime;

/**
 * A wall clock and an elapsed-time source that stand still until a test moves them. Thread-safe,
 * so loops may read it. {@link #advance} lets time pass (both move); {@link #step} and
 * {@link #set} change only the date, as network time or {@code date -s} do on a real machine.
 */
public final class MutableClock extends Clock implements ElapsedTime {

    /** Close to where a long counter wraps, so that code comparing raw readings fails here. */
    private static final long ELAPSED_START = Long.MAX_VALUE - Duration.ofMinutes(10).toNanos();

    private volatile Instant now;
    private volatile long elapsed;
    private final ZoneId zone;

    public MutableClock(Instant start, ZoneId zone) {
        this(start, zone, ELAPSED_START);
    }

    private MutableClock(Instant start, ZoneId zone, long elapsed) {
        this.now = start;
        this.zone = zone;
        this.elapsed = elapsed;
    }

    /** 2026-11-23 09:00 in Jakarta (+07:00), the kind of morning a vendor visit starts. */
    public static MutableClock atVisitMorning() {
        return new MutableClock(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.ofHours(7));
    }

    /** Time passes: the date and elapsed time both move on. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
        elapsed += d.toNanos();
    }

    /** The date is stepped (either way); no time passes. */
    public void step(Duration d) {
        now = now.plus(d);
    }

    /** The date is set; no time passes. */
    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public long nanos() {
        return elapsed;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new MutableClock(now, z, elapsed);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
