package org.accessctl.serial;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.accessctl.core.ElapsedTime;

/**
 * Makes a badge held at a reader one read. An RDM6300 repeats its frame for as long as the card
 * stays in the field, so the same badge seen again within the window is suppressed, and each
 * such repeat extends the window: a card held for ten seconds is still one read. A different
 * badge passes at once; the same badge passes again once it has been away longer than the
 * window. The window runs on elapsed time, so a stepped clock neither swallows nor doubles reads.
 */
public final class RepeatFilter {

    private final ElapsedTime elapsed;
    private final Duration window;

    private String lastUid;
    private long lastSeen;

    public RepeatFilter(ElapsedTime elapsed, Duration window) {
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative()) {
            throw new IllegalArgumentException("repeat suppression window must not be negative: "
                    + window);
        }
    }

    /** True if this read of {@code uid} is a new read rather than a repeat of the last one. */
    public synchronized boolean accept(String uid) {
        String normalized = uid.toUpperCase(Locale.ROOT);
        long now = elapsed.nanos();
        boolean repeat = normalized.equals(lastUid) && now - lastSeen <= window.toNanos();
        lastUid = normalized;
        lastSeen = now;
        return !repeat;
    }
}
