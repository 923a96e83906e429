package org.accessctl.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Event;
import org.accessctl.mqtt.Topics;
import org.accessctl.records.RecordKind;
import org.accessctl.store.SyncMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the local copy back in line with the broker's retained records after each (re)connect.
 *
 * <p>A record deleted upstream while the door was offline is never redelivered: its retained
 * message is simply gone. So each connection opens a sync with a fresh mark, every record that
 * arrives is stamped with it, and the link sends the mark to the door's own {@code sync} topic
 * once its subscriptions are acknowledged. The broker queues a subscription's retained messages
 * before it reads the marker, and all of it travels at QoS 0 on one connection, in order: when
 * the marker comes back, the retained set as the broker sent it is in.
 *
 * <p>That set may still lack records: a stock Mosquitto drops what does not fit its queue. So the
 * rows the first pass did not stamp are not swept yet; the link asks for each of them by its own
 * topic, a page at a time, well within any queue (second pass). A record the broker still holds
 * arrives and is stamped; when the second marker comes back, what is still unstamped is truly
 * gone and is swept. A valid record is never swept.
 *
 * <p>A broker that lost its store (restarted without persistence, replaced) holds an empty or
 * much smaller set. Sweeping then would lock everyone out. After each completed sync the door
 * leaves a retained sign on its own {@code synced} topic; a broker that still shows it kept its
 * store, and its set is the truth, however small. Without the sign, a set that is empty or less
 * than half of what the door holds is taken for a lost store: the door keeps its copy and says
 * so with {@code sync_refused}. So it does when messages of the sync were lost on the door's
 * side; the next connection tries again.
 */
final class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    /** Below this many stored records, any non-empty set is believable. */
    static final int MIN_FOR_RATIO = 10;
    /** A set less than this share of what the door holds looks like a lost store. */
    static final double MIN_SHARE = 0.5;

    /** The broker link, as a sync needs it. */
    interface Link {
        /**
         * Asks, on the link's own thread, for each record the first pass did not bring, by its
         * topic; the confirmed marker follows them. The list comes from {@code unseen}, read there
         * on a connection of its own: a query over the whole copy is no work for the door loop.
         */
        void confirm(String mark, java.util.function.Supplier<List<String>> unseen);

        /** Leaves the retained sign of a completed sync at the broker. */
        void synced(String mark);

        /** Runs {@code job} on the link's own thread, where the sync's reads of the whole copy run. */
        void onLinkThread(Runnable job);
    }

    private final SyncMarks marks;
    private final Topics topics;
    private final Link link;
    /** Hands work to the door loop. */
    private final java.util.function.Consumer<DoorLoop.Task> loop;
    /** The second marker is back; the sync ends once that step is committed (see {@link #afterCommit}). */
    private boolean endDue;
    /** The running sync's mark, or the last finished one's: records arriving live carry it. */
    private String mark = "initial";
    private boolean running;
    private boolean confirming;
    /** The first pass is done and committed work waits for the second: see {@link #afterCommit}. */
    private boolean secondPassDue;
    private String lost;
    /** This sync found the door's own {@code synced} sign: the broker kept its store. */
    private boolean storeKept;

    /** Reads the stamps on the link's thread, through a connection of its own. */
    private final SyncMarks unseenReader;
    /** What the directory's index says exists upstream. */
    private final ListedRecords listed;
    /** Set on the link's thread as the second pass starts, read when the sync ends. */
    private volatile SecondPass secondPass;

    /** What the first pass brought, and whether the directory's index was there to check it. */
    private record SecondPass(String sync, int firstPassSeen, boolean indexed) {
    }

    Reconciliation(SyncMarks marks, SyncMarks unseenReader, ListedRecords listed, Topics topics, Link link,
                   java.util.function.Consumer<DoorLoop.Task> loop) {
        this.marks = marks;
        this.loop = loop;
        this.listed = listed;
        this.unseenReader = unseenReader;
        this.topics = topics;
        this.link = link;
    }

    String mark() {
        return mark;
    }

    /** A sync is under way (its records may be stored without waiting for the disk). */
    boolean running() {
        return running;
    }

    void start(String newMark) {
        mark = newMark;
        running = true;
        confirming = false;
        endDue = false;
        lost = null;
        storeKept = false;
    }

    /** The door's retained sign of an earlier completed sync is at the broker. */
    void storeKept() {
        if (running) {
            storeKept = true;
        }
    }

    /** Messages of this sync could not be kept: it must not sweep. */
    void spoiled(String why) {
        if (running) {
            lost = why;
        }
    }

    /** A marker came back: the end of the first pass or of the second. */
    List<Event> marker(String marker, Instant now) {
        if (!running) {
            return List.of();
        }
        if (marker.equals(mark) && !confirming) {
            confirming = true;
            secondPassDue = true;
            return List.of();
        }
        if (confirming && marker.equals(org.accessctl.mqtt.MqttLink.confirmedMarker(mark))) {
            endDue = true;
            return List.of();
        }
        return List.of(); // the marker of an earlier connection; its sync was cut short
    }

    /**
     * The step with the first pass's end is committed: the second pass may read the stamps. Asks
     * the link for what the first pass lacked (see {@link Link#confirm}).
     */
    void afterCommit(boolean committed) {
        if (endDue) {
            endDue = false;
            if (committed) {
                end(mark);
            }
            return;
        }
        if (!secondPassDue) {
            return;
        }
        secondPassDue = false;
        if (!committed) {
            return; // the sync is spoiled and a new one comes (RecordFeed asks for it)
        }
        String sync = mark;
        boolean kept = storeKept;
        link.confirm(sync, () -> recordsToAsk(sync, kept));
    }

    /**
     * The topics the second pass asks for: rows of the copy the first pass did not show, and
     * records the directory's index lists that arrived neither (the broker's burst lost them).
     * Runs on the link's thread.
     */
    private List<String> recordsToAsk(String sync, boolean kept) {
        Map<RecordKind, List<String>> unseen = unseenReader.unseen(sync);
        int firstPassSeen = 0;
        for (RecordKind kind : RecordKind.values()) {
            firstPassSeen += unseenReader.tally(kind, sync).seen();
        }
        List<String> ask = new ArrayList<>();
        unseen.forEach((kind, ids) -> ids.forEach(id -> ask.add(prefix(kind) + id)));
        int held = ask.size();
        // Listed but neither shown by this sync nor among the held rows asked for above.
        Map<RecordKind, java.util.Set<String>> asked = new EnumMap<>(RecordKind.class);
        unseen.forEach((kind, ids) -> asked.put(kind, new java.util.HashSet<>(ids)));
        int[] listedIds = {0};
        listed.eachPage((kind, ids) -> {
            listedIds[0] += ids.size();
            for (String id : unseenReader.notShown(kind, sync, ids)) {
                if (asked.get(kind).add(id)) {
                    ask.add(prefix(kind) + id);
                }
            }
        });
        secondPass = new SecondPass(sync, firstPassSeen, listedIds[0] > 0);
        unseenReader.namedSchedulesMissing().forEach(id -> ask.add(topics.schedulesPrefix() + id));
        if (!ask.isEmpty()) {
            log.info("sync: the retained set lacked {} records of the copy and {} more the directory lists;"
                    + " asking for each", held, ask.size() - held);
        }
        if (!kept) {
            ask.add(topics.synced()); // the first pass may have lost it too
        }
        return ask;
    }

    private String prefix(RecordKind kind) {
        return topics.recordPrefix(kind.topicLevel());
    }

    /** What the copy held when the second marker came back: the counts, and the rows still unshown. */
    private record Count(String sync, Map<RecordKind, SyncMarks.Tally> tallies, Map<RecordKind, List<String>> unseen) {
    }

    /**
     * Ends the sync. Counting and finding the rows to sweep reads the whole copy (tens of
     * milliseconds for 200,000 rows), so it runs on the link's thread, through its own
     * connection, on what the step of the second marker committed; the door loop then only
     * deletes those rows that are still unshown, by key, between two badges. Rows are only ever
     * stamped during a sync, never unstamped, so none can join the unshown meanwhile.
     */
    private void end(String sync) {
        link.onLinkThread(() -> {
            Count count;
            try {
                count = count(unseenReader, sync);
            } catch (RuntimeException e) {
                // The sync must still end: the loop counts on its own connection, slowly but surely.
                log.warn("counting the sync on the link's connection failed ({}); counting on the door loop",
                        e.getMessage());
                loop.accept(now -> finish(count(marks, sync), now));
                return;
            }
            loop.accept(now -> finish(count, now));
        });
    }

    private static Count count(SyncMarks reader, String sync) {
        Map<RecordKind, SyncMarks.Tally> tallies = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            tallies.put(kind, reader.tally(kind, sync));
        }
        return new Count(sync, tallies, reader.unseen(sync));
    }

    private List<Event> finish(Count count, Instant now) {
        if (!running || !mark.equals(count.sync())) {
            return List.of(); // a new connection began a new sync meanwhile
        }
        running = false;
        Map<RecordKind, SyncMarks.Tally> tallies = count.tallies();
        int seen = 0;
        int stored = 0;
        for (SyncMarks.Tally t : tallies.values()) {
            seen += t.seen();
            stored += t.stored();
        }
        String doubt = lost;
        if (doubt != null || storeKept) {
            // A broker that shows the door's own sign kept its store: its set is the truth.
        } else if (seen == 0 && stored > 0) {
            doubt = "the broker holds no records";
        } else if (stored >= MIN_FOR_RATIO && seen < stored * MIN_SHARE) {
            doubt = "the broker holds " + seen + " of the " + stored + " records this door has";
        }
        if (doubt != null) {
            log.warn("reconciliation refused: {}; keeping the local copy", doubt);
            SyncMarks.Tally p = tallies.get(RecordKind.PERSON);
            SyncMarks.Tally v = tallies.get(RecordKind.VISIT);
            SyncMarks.Tally s = tallies.get(RecordKind.SCHEDULE);
            return List.of(new Event.SyncRefused(now, doubt, p.seen(), p.stored(), v.seen(), v.stored(), s.seen(),
                    s.stored()));
        }
        Map<RecordKind, Integer> removed = marks.sweep(mark, count.unseen());
        link.synced(mark);
        if (removed.values().stream().mapToInt(Integer::intValue).sum() > 0) {
            log.info("reconciled: records deleted upstream removed ({})", removed);
        }
        SecondPass pass = secondPass;
        int recovered = pass != null && pass.sync().equals(mark) ? Math.max(0, seen - pass.firstPassSeen()) : 0;
        if (recovered > 0) {
            log.info("sync: {} records came only when asked for by name; the broker's burst had lost them", recovered);
            if (!pass.indexed()) {
                log.warn("the broker dropped part of its retained set and the directory publishes no index"
                        + " (personnel/_index/, visits/_index/): records this door never held may be missing"
                        + " until they are published again");
            }
        }
        return List.of(new Event.SyncCompleted(now, tallies.get(RecordKind.PERSON).seen(),
                tallies.get(RecordKind.VISIT).seen(), tallies.get(RecordKind.SCHEDULE).seen(),
                removed.get(RecordKind.PERSON), removed.get(RecordKind.VISIT), removed.get(RecordKind.SCHEDULE), recovered));
    }
}
