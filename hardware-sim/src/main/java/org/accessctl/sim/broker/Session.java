package org.accessctl.sim.broker;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's message state, which outlives its connection when the client asked for a
 * persistent session: messages waiting to be sent, QoS 1/2 messages sent and not yet
 * acknowledged, and the ids of QoS 2 messages it sent us that await their PUBREL.
 *
 * <p>Messages leave in the order they were queued. Only QoS 1/2 messages count against the
 * in-flight window; a QoS 0 message waits behind them rather than overtaking, so a client sees
 * every topic's messages in publish order.
 */
final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private record Queued(Message message, int qos, boolean retainFlag) {
    }

    /** Sent with QoS 1 or 2; {@code released} once a QoS 2 message's PUBREC came and PUBREL went. */
    private static final class Inflight {
        final Queued queued;
        boolean released;

        Inflight(Queued queued) {
            this.queued = queued;
        }
    }

    private final String clientId;
    private final BrokerLimits limits;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    private final Map<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final Set<Integer> awaitingRelease = new HashSet<>();
    private int lastPacketId;
    private long droppedSinceWarning;
    private Outbox outbox; // null while the client is offline

    Session(String clientId, BrokerLimits limits) {
        this.clientId = clientId;
        this.limits = limits;
    }

    String clientId() {
        return clientId;
    }

    /**
     * Connects the session to a connection's outbox. Unacknowledged messages go out again first,
     * flagged DUP (or their PUBREL again, if the client had already received them).
     */
    synchronized void attach(Outbox box) {
        outbox = box;
        box.refillFrom(this::pump);
        for (Map.Entry<Integer, Inflight> entry : inflight.entrySet()) {
            Inflight sent = entry.getValue();
            box.addReply(sent.released
                    ? PacketEncoder.pubrel(entry.getKey())
                    : PacketEncoder.publish(sent.queued.message, sent.queued.qos, sent.queued.retainFlag, true,
                            entry.getKey()));
        }
        pump();
    }

    synchronized void detach(Outbox box) {
        if (outbox == box) {
            outbox = null;
        }
    }

    /** Queues a message for this client, dropping the oldest queued one if the session is full. */
    synchronized void deliver(Message message, int qos, boolean retainFlag) {
        if (outbox == null && qos == 0) {
            return; // like Mosquitto's default: QoS 0 is not kept for offline clients
        }
        int size = message.payload().length;
        while (!queue.isEmpty() && (queue.size() >= limits.maxQueuedMessagesPerSession()
                || queuedBytes + size > limits.maxQueuedBytesPerSession())) {
            queuedBytes -= queue.poll().message.payload().length;
            if (droppedSinceWarning++ == 0) {
                log.warn("Queue of client {} is full ({} messages or {} bytes); dropping the oldest messages",
                        clientId, limits.maxQueuedMessagesPerSession(), limits.maxQueuedBytesPerSession());
            }
        }
        queue.add(new Queued(message, qos, retainFlag));
        queuedBytes += size;
        pump();
    }

    /**
     * Moves queued messages into the outbox while the window and the outbox have room. Called
     * whenever either may have freed up: a new message, an acknowledgement, the writer draining.
     */
    synchronized void pump() {
        while (outbox != null && !queue.isEmpty() && outbox.hasRoomForMessage()) {
            Queued next = queue.peek();
            if (next.qos > 0 && inflight.size() >= limits.maxInflightPerClient()) {
                break;
            }
            queue.poll();
            queuedBytes -= next.message.payload().length;
            int packetId = 0;
            if (next.qos > 0) {
                packetId = nextPacketId();
                inflight.put(packetId, new Inflight(next));
            }
            outbox.addMessage(PacketEncoder.publish(next.message, next.qos, next.retainFlag, false, packetId));
        }
        if (queue.isEmpty() && droppedSinceWarning > 0) {
            log.warn("Client {} caught up after {} of its messages were dropped", clientId, droppedSinceWarning);
            droppedSinceWarning = 0;
        }
    }

    /** PUBACK of a QoS 1 message. */
    synchronized void acknowledged(int packetId) {
        Inflight sent = inflight.get(packetId);
        if (sent != null && sent.queued.qos == 1) {
            inflight.remove(packetId);
            pump();
        }
    }

    /** PUBREC of a QoS 2 message: from now on only its PUBREL is repeated. */
    synchronized void received(int packetId) {
        Inflight sent = inflight.get(packetId);
        if (sent != null && sent.queued.qos == 2) {
            sent.released = true;
        }
    }

    /** PUBCOMP of a QoS 2 message. */
    synchronized void completed(int packetId) {
        Inflight sent = inflight.get(packetId);
        if (sent != null && sent.released) {
            inflight.remove(packetId);
            pump();
        }
    }

    /** An incoming QoS 2 PUBLISH: true the first time its id is seen, so it is routed exactly once. */
    synchronized boolean firstArrival(int packetId) {
        return awaitingRelease.add(packetId);
    }

    /** An incoming PUBREL: the id may be reused by the client from now on. */
    synchronized void released(int packetId) {
        awaitingRelease.remove(packetId);
    }

    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
        } while (inflight.containsKey(lastPacketId));
        return lastPacketId;
    }
}
