package org.accessctl.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.accessctl.core.ElapsedTime;
import org.accessctl.core.Event;

/**
 * Keeps a flood of refused input from filling the disk. Refusals of one kind (records, commands)
 * are logged one by one up to {@link #PER_WINDOW} a minute; past that they are only counted, and
 * each minute that had any left out ends in one {@code refusals_suppressed} event with the count
 * per reason. The decision about each input is the same either way: only its record is thinned.
 * The minute runs on elapsed time, so a stepped wall clock neither ends it early nor stretches
 * it. {@link #refuse} and {@link #summary} run on the loop thread, {@link #admit} on any.
 */
final class RefusalLimiter {

    static final int PER_WINDOW = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final String kind;
    private final ElapsedTime elapsed;
    private boolean open;
    private long windowStart;
    /** The wall-clock time the window began, for the summary's {@code since}. */
    private Instant windowSince;
    private int logged;
    private final Map<String, Integer> suppressed = new TreeMap<>();

    RefusalLimiter(String kind, ElapsedTime elapsed) {
        this.kind = kind;
        this.elapsed = elapsed;
    }

    /**
     * The events for one refusal: the refusal itself while under the limit, the summary of a
     * window that has just ended, or nothing while the flood lasts. {@code refusal} is called only
     * for a refusal logged in full, so it is also where the caller writes its log line.
     */
    synchronized List<Event> refuse(String reason, Instant now, Supplier<Event> refusal) {
        List<Event> events = new ArrayList<>(summary(now));
        if (!open || windowOver()) {
            open = true;
            windowStart = elapsed.nanos();
            windowSince = now;
            logged = 0;
        }
        if (logged < PER_WINDOW) {
            logged++;
            events.add(refusal.get());
        } else {
            suppressed.merge(reason, 1, Integer::sum);
        }
        return events;
    }

    /**
     * The {@code refusals_suppressed} event of a window that has ended with refusals left out,
     * or nothing. Called at least once a minute, and before each refusal.
     */
    synchronized List<Event> summary(Instant now) {
        if (suppressed.isEmpty() || !windowOver()) {
            return List.of();
        }
        int count = suppressed.values().stream().mapToInt(Integer::intValue).sum();
        Event e = new Event.RefusalsSuppressed(now, kind, count, Map.copyOf(suppressed), windowSince);
        suppressed.clear();
        open = false;
        return List.of(e);
    }

    /**
     * Whether a refusal may still be logged this minute. If not, it is counted for the minute's
     * summary here, and whoever refused it need not bother the door loop: a flood is thinned where
     * it arrives. If so, {@link #refuse} decides on the loop (a few more than the limit may be
     * admitted as a minute turns; {@code refuse} counts those).
     */
    synchronized boolean admit(String reason) {
        if (open && !windowOver() && logged >= PER_WINDOW) {
            suppressed.merge(reason, 1, Integer::sum);
            return false;
        }
        return true;
    }

    private boolean windowOver() {
        return elapsed.nanos() - windowStart >= WINDOW.toNanos();
    }
}
