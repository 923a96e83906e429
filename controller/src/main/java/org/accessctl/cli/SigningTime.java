package org.accessctl.cli;

import java.time.Clock;

/**
 * The {@code iat} of records a tool signs. A door refuses a record signed in the same second as
 * the one it holds unless it is that very record (it cannot tell which of two is newer), so a
 * tool never lets the next record it signs carry the same second: before it returns it waits
 * until the wall clock has passed the second it signed in (at most one second).
 */
final class SigningTime {

    private final Clock clock;
    private long signed = -1;

    SigningTime(Clock clock) {
        this.clock = clock;
    }

    /** Now, in whole seconds, but later than {@code after} (the iat of the copy being replaced, or -1). */
    long iat(long after) {
        long iat = Math.max(clock.instant().getEpochSecond(), after + 1);
        signed = Math.max(signed, iat);
        return iat;
    }

    /** Waits until the clock is past every second signed in, so the next run signs a later one. */
    void waitPastSigned() {
        // An iat taken from a record signed by a clock ahead of ours is no reason to wait long.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (signed >= 0 && clock.instant().getEpochSecond() <= signed && System.nanoTime() < deadline) {
            long millis = 1000 - clock.instant().toEpochMilli() % 1000;
            try {
                Thread.sleep(Math.max(1, Math.min(millis, 1000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
