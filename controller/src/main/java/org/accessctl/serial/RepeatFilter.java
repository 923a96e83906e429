package org.accessctl.serial;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes a badge held at a reader one read. An RDM6300 repeats its frame for as long as the card
 * stays in the field, so the same badge seen again within the window is suppressed, and each
 * such repeat extends the window: a card held for ten seconds is still one read. A different
 * badge passes at once; the same badge passes again once it has been away longer than the
 * window.
 */
public final class RepeatFilter {

    private final Clock clock;
    private final Duration window;

    private String lastUid;
    private Instant lastSeen;

    public RepeatFilter(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("repeat suppression window must not be negative: "
                    + window);
        }
    }

    /** True if this read of {@code uid} is a new read rather than a repeat of the last one. */
    public synchronized boolean accept(String uid) {
        String normalized = uid.toUpperCase(Locale.ROOT);
        Instant now = clock.instant();
        // A clock stepped backwards makes the gap negative; that still counts as "within".
        boolean repeat = normalized.equals(lastUid)
                && Duration.between(lastSeen, now).compareTo(window) <= 0;
        lastUid = normalized;
        lastSeen = now;
        return !repeat;
    }
}
