package org.accessctl.sim.broker;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds that keep one misbehaving or slow client from exhausting the broker's memory or
 * holding up the others.
 *
 * @param maxPacketSize               largest remaining length accepted in a packet; bigger packets close the connection
 * @param maxConnections              connections served at once; further ones are closed on accept
 * @param maxQueuedMessagesPerSession messages waiting for one client (offline or slow); the oldest is dropped beyond it
 * @param maxQueuedBytesPerSession    payload bytes waiting for one client; the oldest is dropped beyond it
 * @param maxInflightPerClient        QoS 1/2 messages sent to one client and not yet acknowledged
 * @param maxSubscriptionsPerSession  topic filters one client may hold; more are refused with 0x80
 * @param maxRetainedMessages         topics with a retained message; retained publishes to new topics beyond it are delivered but not kept
 * @param connectTimeout              how long a new connection may take to send its CONNECT
 * @param stalledClientTimeout        how long a client may leave our replies unread before it is dropped
 */
public record BrokerLimits(
        int maxPacketSize,
        int maxConnections,
        int maxQueuedMessagesPerSession,
        long maxQueuedBytesPerSession,
        int maxInflightPerClient,
        int maxSubscriptionsPerSession,
        int maxRetainedMessages,
        Duration connectTimeout,
        Duration stalledClientTimeout) {

    public static final int DEFAULT_MAX_PACKET_SIZE = 1024 * 1024;

    public BrokerLimits {
        if (maxPacketSize < 64 || maxConnections < 1 || maxQueuedMessagesPerSession < 1
                || maxQueuedBytesPerSession < 1 || maxInflightPerClient < 1 || maxInflightPerClient > 65535
                || maxSubscriptionsPerSession < 1 || maxRetainedMessages < 1) {
            throw new IllegalArgumentException("limits out of range");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(stalledClientTimeout, "stalledClientTimeout");
    }

    /**
     * Generous for a door's traffic and a site's directory (100,000 persons and 100,000 visits are
     * retained and sent whole to a subscriber), small enough that a flood cannot take the
     * simulator down. A queued message shares its payload with the retained store.
     */
    public static BrokerLimits defaults() {
        return new BrokerLimits(DEFAULT_MAX_PACKET_SIZE, 256, 500_000, 256L * 1024 * 1024, 100, 1_000, 500_000,
                Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public BrokerLimits withMaxPacketSize(int bytes) {
        return new BrokerLimits(bytes, maxConnections, maxQueuedMessagesPerSession, maxQueuedBytesPerSession,
                maxInflightPerClient, maxSubscriptionsPerSession, maxRetainedMessages, connectTimeout, stalledClientTimeout);
    }

    public BrokerLimits withMaxQueuedMessagesPerSession(int messages) {
        return new BrokerLimits(maxPacketSize, maxConnections, messages, maxQueuedBytesPerSession,
                maxInflightPerClient, maxSubscriptionsPerSession, maxRetainedMessages, connectTimeout, stalledClientTimeout);
    }

    public BrokerLimits withConnectTimeout(Duration timeout) {
        return new BrokerLimits(maxPacketSize, maxConnections, maxQueuedMessagesPerSession, maxQueuedBytesPerSession,
                maxInflightPerClient, maxSubscriptionsPerSession, maxRetainedMessages, timeout, stalledClientTimeout);
    }
}
