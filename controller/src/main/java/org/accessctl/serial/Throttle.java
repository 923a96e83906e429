package org.accessctl.serial;

import java.time.Duration;

/** Lets something happen at most once per interval: keeps repeated warnings from flooding logs. */
final class Throttle {

    private final long intervalNanos;
    private long lastNanos;
    private boolean never = true;

    Throttle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** Starts a new interval now, as if something had just happened. */
    void restart() {
        never = false;
        lastNanos = System.nanoTime();
    }

    /** True, and starts a new interval, if the previous interval is over. */
    boolean tryAcquire() {
        long now = System.nanoTime();
        if (never || now - lastNanos >= intervalNanos) {
            never = false;
            lastNanos = now;
            return true;
        }
        return false;
    }
}
