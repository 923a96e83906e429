package org.accessctl.app;

import java.time.Instant;
import java.util.List;
import org.accessctl.core.Event;
import org.accessctl.store.SyncMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the local copy back in line with the broker's retained records after each (re)connect.
 *
 * <p>A record deleted upstream while the door was offline is never redelivered: its retained
 * message is simply gone. So on each connect the door opens a sync with a fresh mark, every
 * record it receives is stamped with it, and the link publishes the mark to the door's own
 * {@code sync} topic once its subscriptions are acknowledged. Brokers queue the retained
 * messages of a subscription to the connection while handling the SUBSCRIBE, before the marker
 * is even published, so when the marker comes back the whole retained set has arrived. Rows
 * without the mark were deleted upstream and are swept.
 *
 * <p>A broker that lost its store (restarted without persistence, replaced) shows an empty or
 * much smaller set. Sweeping then would lock everyone out, so the door keeps its copy and says
 * so with {@code sync_refused}.
 */
final class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** Below this many stored records, any non-empty set is believable. */
    static final int MIN_FOR_RATIO = 10;
    /** A set less than this share of what the door holds looks like a lost store. */
    static final double MIN_SHARE = 0.5;

    private final SyncMarks marks;
    /** The running sync's mark, or the last finished one's: records arriving live carry it. */
    private String mark = "initial";
    private boolean running;

    Reconciliation(SyncMarks marks) {
        this.marks = marks;
    }

    String mark() {
        return mark;
    }

    void start(String newMark) {
        mark = newMark;
        running = true;
    }

    List<Event> finish(String markerMark, Instant now) {
        if (!running || !markerMark.equals(mark)) {
            return List.of(); // the marker of an earlier connection; its sync was cut short
        }
        running = false;
        SyncMarks.Tally persons = marks.persons(mark);
        SyncMarks.Tally visits = marks.visits(mark);
        int seen = persons.seen() + visits.seen();
        int stored = persons.stored() + visits.stored();
        String doubt = null;
        if (seen == 0 && stored > 0) {
            doubt = "the broker holds no records";
        } else if (stored >= MIN_FOR_RATIO && seen < stored * MIN_SHARE) {
            doubt = "the broker holds " + seen + " of the " + stored + " records this door has";
        }
        if (doubt != null) {
            log.warn("reconciliation refused: {}; keeping the local copy", doubt);
            return List.of(Event.of("sync_refused", now).with("reason", doubt)
                    .with("personsSeen", persons.seen()).with("personsStored", persons.stored())
                    .with("visitsSeen", visits.seen()).with("visitsStored", visits.stored()).build());
        }
        int[] removed = marks.sweep(mark);
        if (removed[0] + removed[1] > 0) {
            log.info("reconciled: {} persons and {} visits deleted upstream removed", removed[0], removed[1]);
        }
        return List.of(Event.of("sync_completed", now)
                .with("personsSeen", persons.seen()).with("visitsSeen", visits.seen())
                .with("personsRemoved", removed[0]).with("visitsRemoved", removed[1]).build());
    }
}
