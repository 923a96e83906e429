package org.accessctl.sim.broker;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The packets waiting for one connection's writer thread. Replies (CONNACK, acks, PINGRESP) are
 * always accepted so they keep their place in the stream; the reader instead waits for room before
 * handling the next packet, which pushes back on a client that sends without reading. Application
 * messages are only moved in while few are waiting, so the backlog of a slow consumer stays in its
 * session, where it is bounded.
 */
final class Outbox {
    private static final int MESSAGE_SLOTS = 64;
    private static final int REPLY_ROOM = 1024;

    private final ArrayDeque<byte[]> packets = new ArrayDeque<>();
    private boolean closed;
    private volatile Runnable refill = () -> { };

    /** Who to ask for more messages once the writer has made room (the attached session). */
    void refillFrom(Runnable source) {
        refill = source;
    }

    /** Called by the writer after each write; outside this object's lock, so sessions may call back in. */
    void refill() {
        refill.run();
    }

    synchronized void addReply(byte[] packet) {
        if (!closed) {
            packets.add(packet);
            notifyAll();
        }
    }

    synchronized boolean hasRoomForMessage() {
        return !closed && packets.size() < MESSAGE_SLOTS;
    }

    synchronized void addMessage(byte[] packet) {
        addReply(packet);
    }

    /** Waits until the writer has caught up enough to take more replies; false on timeout or close. */
    synchronized boolean awaitRoomForReplies(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!closed && packets.size() >= REPLY_ROOM) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return !closed;
    }

    /** The next packet without waiting, or null. */
    synchronized byte[] poll() {
        byte[] packet = packets.poll();
        if (packet != null) {
            notifyAll();
        }
        return packet;
    }

    /** The next packet, waiting for one; null once closed. */
    synchronized byte[] take() throws InterruptedException {
        while (!closed && packets.isEmpty()) {
            wait();
        }
        return closed ? null : poll();
    }

    synchronized void close() {
        closed = true;
        packets.clear();
        notifyAll();
    }
}
