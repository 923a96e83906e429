package org.accessctl.core;

import java.util.List;

/** The committed events the broker has not acknowledged yet, as the outbox reads them. */
public interface Backlog {

    /** Every event up to this {@code seq} has been acknowledged by the broker. */
    long deliveredSeq();

    /** Events after {@code afterSeq}, in order, at most {@code limit}. */
    List<CommittedEvent> after(long afterSeq, int limit);

    /** Moves the mark forward; never back. */
    void markDelivered(long seq);
}
