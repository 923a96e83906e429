package org.accessctl.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.accessctl.core.Backlog;
import org.accessctl.threads.Scheduling;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.accessctl.core.CommittedEvent;

/**
 * Publishes the event log to {@code events} in {@code seq} order, at least once. It reads from
 * the database in batches, never from memory, so what the door loop committed is sent also
 * after an outage or a restart, and a backlog of any size costs no more memory than one batch.
 * Up to {@link #WINDOW} publications are in flight; the delivery mark moves only over a run of
 * PUBACKs. A crash or disconnect between a PUBACK and the mark's commit sends those events
 * again: subscribers de-duplicate by seq.
 */
public final class EventOutbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventOutbox.class);
    private static final int BATCH = 1024;
    /** Publications in flight at once: enough to fill the round trip, bounded so memory is. */
    static final int WINDOW = 256;
    /**
     * The mark is committed at most this often while events flow (and at once when the outbox
     * falls idle): each commit competes with the door loop's for SQLite's write lock, and a crash
     * only means the events of this interval are sent again.
     */
    static final long MARK_INTERVAL_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(250);
    private static final long ACK_TIMEOUT_MS = 30_000;

    private final Backlog backlog;
    private final MqttLink link;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;
    private volatile long deliveredSeq;
    /** Acknowledged by the broker, perhaps not yet committed as the mark. Outbox thread only. */
    private long sentSeq;
    private long lastMarkCommit = System.nanoTime();

    /** @param backlog read and marked on the outbox's thread only */
    public EventOutbox(Backlog backlog, MqttLink link) {
        this.backlog = backlog;
        this.link = link;
        this.deliveredSeq = backlog.deliveredSeq();
        this.sentSeq = deliveredSeq;
        this.thread = new Thread(this::run, "event-outbox");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** New events were committed, or the link came back. */
    public void wake() {
        wake.release();
    }

    /** Every event up to this seq has been acknowledged by the broker. */
    public long deliveredSeq() {
        return deliveredSeq;
    }

    private void run() {
        Scheduling.lowerCurrentThread();
        while (!closed) {
            try {
                sendBatch();
            } catch (RuntimeException e) {
                // A database error (busy, disk full, I/O) must not end delivery for good.
                log.error("event outbox failed after seq {}; retrying", deliveredSeq, e);
                await();
            }
        }
    }

    private void sendBatch() {
        List<CommittedEvent> batch = link.settled() ? backlog.after(sentSeq, BATCH) : List.of();
        if (batch.isEmpty()) {
            commitMark();
            await();
            return;
        }
        // Up to WINDOW publications in flight at once; PUBACKs come back in order on one
        // connection, so waiting on the oldest keeps "acked" a contiguous run from the mark.
        Deque<InFlight> inFlight = new ArrayDeque<>();
        long acked = sentSeq;
        try {
            for (CommittedEvent e : batch) {
                if (inFlight.size() >= WINDOW) {
                    acked = awaitOldest(inFlight);
                }
                inFlight.add(new InFlight(e.seq(), link.publishEvent(e.json())));
            }
            while (!inFlight.isEmpty()) {
                acked = awaitOldest(inFlight);
            }
        } catch (MqttException e) {
            log.debug("event publication paused at seq {}: {}", acked + 1, e.getMessage());
            sentSeq = acked;
            commitMark();
            // After a failure, publish again from what the broker acknowledged.
            await();
            return;
        }
        sentSeq = acked;
        if (System.nanoTime() - lastMarkCommit > MARK_INTERVAL_NANOS) {
            commitMark();
        }
    }

    /** Commits the run of acknowledged events, if it grew. */
    private void commitMark() {
        if (sentSeq > deliveredSeq) {
            backlog.markDelivered(sentSeq);
            // Only once the mark is committed: a restart must never skip what we think we sent.
            deliveredSeq = sentSeq;
        }
        lastMarkCommit = System.nanoTime();
    }

    private record InFlight(long seq, IMqttDeliveryToken token) {
    }

    private static long awaitOldest(Deque<InFlight> inFlight) throws MqttException {
        InFlight oldest = inFlight.removeFirst();
        oldest.token().waitForCompletion(ACK_TIMEOUT_MS);
        return oldest.seq();
    }

    private void await() {
        try {
            wake.tryAcquire(1, TimeUnit.SECONDS);
            wake.drainPermits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            // Our thread is gone, so its connection is ours now: keep what was acknowledged.
            try {
                commitMark();
            } catch (RuntimeException e) {
                log.warn("delivery mark not saved on close; those events will be sent again: {}", e.getMessage());
            }
        }
    }
}
