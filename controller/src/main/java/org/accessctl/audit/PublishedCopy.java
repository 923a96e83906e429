package org.accessctl.audit;

import java.util.OptionalLong;

/**
 * One door's events as a subscriber received them, checked one at a time: the chain from
 * whichever seq the copy begins at, and an exact repeat of a recent event (delivery is at least
 * once) skipped and counted; the same seq with other content is a break. A file of one door's
 * events is one copy; a site's collected file is one copy per door.
 */
public final class PublishedCopy {

    private final ChainVerifier verifier = ChainVerifier.fromAnySeq();
    private final RecentEvents recent = new RecentEvents();
    private long duplicates;

    /**
     * @return true if the event is new and fits the chain, false if it repeats one already taken
     * @throws ChainBreak when it fits neither
     */
    public boolean accept(LoggedEvent event, long lineNumber) throws ChainBreak {
        if (verifier.count() > 0 && event.seq() <= verifier.lastSeq()) {
            RecentEvents.Match match = recent.compare(event.seq(), event.json());
            if (match == RecentEvents.Match.SAME) {
                duplicates++;
                return false;
            }
            if (match == RecentEvents.Match.DIFFERENT) {
                throw ChainBreak.atSeq(event.seq(), "differs from the event with the same seq on line "
                        + recent.lineOf(event.seq()) + " (one of the two was altered)");
            }
            // Unknown: not a redelivery the window can vouch for; the verifier names it.
        }
        verifier.accept(event);
        recent.remember(event.seq(), event.json(), lineNumber);
        return true;
    }

    /** The seq of the last event taken, 0 before the first. */
    public long lastSeq() {
        return verifier.lastSeq();
    }

    /** What the copy held so far. */
    public VerifiedLog result() {
        return VerifiedLog.of(verifier, OptionalLong.of(duplicates));
    }
}
