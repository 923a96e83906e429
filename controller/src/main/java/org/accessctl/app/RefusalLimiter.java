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
    private int logged;
    private final Map<String, Integer> suppressed = new TreeMap<>();
    /** Admitted on arrival ({@link #admit}) and not yet refused on the loop: they count against the limit. */
    private int admitted;

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
            openWindow();
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
        // When the minute began, on the wall clock as it reads now.
        Instant since = now.minusNanos(elapsed.nanos() - windowStart);
        Event e = new Event.RefusalsSuppressed(now, kind, count, Map.copyOf(suppressed), since);
        suppressed.clear();
        open = false;
        return List.of(e);
    }

    /**
     * On arrival, on any thread: whether a refusal may still be logged this minute. If not, it is
     * counted for the minute's summary here, and whoever refused it need not bother the door loop:
     * a flood is thinned where it arrives. If so, it counts against the limit until the loop logs
     * it ({@link #refuseAdmitted}) or it is dropped ({@link #dropped}), so that no more than the
     * limit reach the loop, also before the loop has opened the minute.
     */
    synchronized boolean admit(String reason) {
        if ((!open || windowOver()) && suppressed.isEmpty()) {
            openWindow(); // else the minute that ended waits for its summary, and counts on meanwhile
        }
        int used = (open && !windowOver() ? logged : 0) + admitted;
        if (used >= PER_WINDOW) {
            suppressed.merge(reason, 1, Integer::sum);
            return false;
        }
        admitted++;
        return true;
    }

    /** An admitted refusal that never reached the loop (too many commands waited): only counted. */
    synchronized void dropped(String reason) {
        admitted = Math.max(0, admitted - 1);
        suppressed.merge(reason, 1, Integer::sum);
    }

    /** {@link #refuse} for a refusal {@link #admit admitted} on arrival. */
    synchronized List<Event> refuseAdmitted(String reason, Instant now, Supplier<Event> refusal) {
        admitted = Math.max(0, admitted - 1);
        return refuse(reason, now, refusal);
    }

    private void openWindow() {
        open = true;
        windowStart = elapsed.nanos();
        logged = 0;
    }

    private boolean windowOver() {
        return elapsed.nanos() - windowStart >= WINDOW.toNanos();
    }
}
