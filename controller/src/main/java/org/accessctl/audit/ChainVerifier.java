package org.accessctl.audit;

import org.accessctl.store.EventLog;

/**
 * The rule of the log, applied one event at a time so that a log of any length is checked in
 * constant memory: seq goes up by exactly one, each chain is SHA-256 of the previous chain and
 * this event's canonical JSON without {@code chain}, and every event names the same door.
 * Both the database and a subscriber's file are checked by this one class, so the two can never
 * disagree about what a valid log is.
 */
public final class ChainVerifier {

    private final boolean mayStartLate;
    private long count;
    private long firstSeq;
    private long lastSeq;
    private String lastChain = EventLog.GENESIS_CHAIN;
    private String doorName;

    private ChainVerifier(boolean mayStartLate) {
        this.mayStartLate = mayStartLate;
    }

    /** For the door's own database, which holds the log from its first event. */
    public static ChainVerifier fromFirstEvent() {
        return new ChainVerifier(false);
    }

    /**
     * For a subscriber's copy, which begins wherever the subscriber joined. The first event's
     * chain is then taken as given: its predecessor is not in the copy.
     */
    public static ChainVerifier fromAnySeq() {
        return new ChainVerifier(true);
    }

    /**
     * Checks the next event against everything accepted so far.
     *
     * @throws ChainBreak naming this event's seq (or the one expected in its place) and why
     */
    public void accept(LoggedEvent event) throws ChainBreak {
        if (count == 0) {
            acceptFirst(event);
            return;
        }
        long expected = lastSeq + 1;
        if (event.seq() > expected) {
            long missing = event.seq() - expected;
            throw ChainBreak.atSeq(expected, "expected seq " + expected + ", found " + event.seq() + " ("
                    + missing + (missing == 1 ? " event" : " events") + " missing)");
        }
        if (event.seq() < expected) {
            throw ChainBreak.atSeq(expected, "expected seq " + expected + ", found " + event.seq()
                    + " (seq repeated or going back: events inserted or reordered)");
        }
        checkDoor(event);
        checkChain(event, lastChain);
        advance(event);
    }

    private void acceptFirst(LoggedEvent event) throws ChainBreak {
        if (event.seq() != 1 && !mayStartLate) {
            long missing = event.seq() - 1;
            throw ChainBreak.atSeq(1, "expected seq 1, found " + event.seq() + " (the log's first "
                    + (missing == 1 ? "event is" : missing + " events are") + " missing)");
        }
        doorName = event.doorName();
        firstSeq = event.seq();
        if (event.seq() == 1) {
            checkChain(event, EventLog.GENESIS_CHAIN);
        }
        advance(event);
    }

    private void checkDoor(LoggedEvent event) throws ChainBreak {
        if (!event.doorName().equals(doorName)) {
            throw ChainBreak.atSeq(event.seq(), "event names door " + event.doorName() + ", the log so far is "
                    + doorName + " (events of another door mixed in)");
        }
    }

    private static void checkChain(LoggedEvent event, String previousChain) throws ChainBreak {
        if (!EventLog.chain(previousChain, event.canonicalWithoutChain()).equals(event.chain())) {
            throw ChainBreak.atSeq(event.seq(),
                    "chain does not match (event altered, or one before it deleted or reordered)");
        }
    }

    private void advance(LoggedEvent event) {
        count++;
        lastSeq = event.seq();
        lastChain = event.chain();
    }

    /** Events accepted so far. */
    public long count() {
        return count;
    }

    public long firstSeq() {
        return firstSeq;
    }

    /** The last seq accepted, 0 before the first. */
    public long lastSeq() {
        return lastSeq;
    }

    public String lastChain() {
        return lastChain;
    }

    /** {@code site/door} of the log, null before the first event. */
    public String doorName() {
        return doorName;
    }

    /** Whether the first event's chain was taken as given, because its predecessor is not in the log. */
    public boolean startedLate() {
        return count > 0 && firstSeq != 1;
    }
}
