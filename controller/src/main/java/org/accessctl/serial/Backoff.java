package org.accessctl.serial;

import java.time.Duration;

/** Delays between attempts to reach a device: doubling from a first delay up to a cap. */
final class Backoff {

    private final long firstMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration first, Duration max) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = firstMillis;
    }

    long nextDelayMillis() {
        long delay = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return delay;
    }

    long maxMillis() {
        return maxMillis;
    }

    void reset() {
        nextMillis = firstMillis;
    }
}
