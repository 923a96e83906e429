package org.accessctl.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The clock a command is signed against: this machine's, moved to the door's where the door's
 * is known to differ. The door judges {@code iat} and {@code exp} by its own clock (a Pi
 * without a battery clock, or a simulator whose clock was moved on), so a token signed by a
 * clock far from it is refused however fresh it is.
 */
final class DoorClock {

    /** Differences below this are network delay and ordinary drift, not worth a word. */
    static final Duration NOTICEABLE = Duration.ofSeconds(2);

    private DoorClock() {
    }

    /**
     * The skew shown by the door's retained state: its {@code at} is a time the door's clock
     * has passed, so one later than ours means the door is at least that far ahead. An earlier
     * one says nothing (the state may simply be old).
     */
    static Optional<Duration> aheadBy(Optional<Instant> stateAt, Clock local) {
        if (stateAt.isEmpty()) {
            return Optional.empty();
        }
        Duration ahead = Duration.between(local.instant(), stateAt.get());
        return ahead.compareTo(NOTICEABLE) > 0 ? Optional.of(ahead) : Optional.empty();
    }

    /** The skew shown by an answer: {@code at} is the door's clock when it decided, moments ago. */
    static Optional<Duration> skew(Instant doorAt, Clock local) {
        Duration skew = Duration.between(local.instant(), doorAt);
        return skew.abs().compareTo(NOTICEABLE) > 0 ? Optional.of(skew) : Optional.empty();
    }

    /** "36 s ahead of", "40 s behind". */
    static String describe(Duration skew) {
        long s = Math.round(Math.abs(skew.toMillis()) / 1000.0);
        return s + " s " + (skew.isNegative() ? "behind" : "ahead of");
    }
}
