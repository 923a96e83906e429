package org.accessctl.sim.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is subscribed to what, the retained messages, and the delivery of each published message to
 * the matching sessions. One lock orders everything: a new subscriber gets the retained message
 * before any live message published after its subscription, so it never ends up holding stale
 * state.
 */
final class MessageRouter {
    private static final int REFUSED = 0x80;

    private final Map<Session, Map<String, Integer>> subscriptions = new LinkedHashMap<>();
    private final RetainedMessages retained;
    private final int maxSubscriptionsPerSession;

    MessageRouter(BrokerLimits limits) {
        this.retained = new RetainedMessages(limits.maxRetainedMessages());
        this.maxSubscriptionsPerSession = limits.maxSubscriptionsPerSession();
    }

    synchronized void publish(Message message) {
        if (message.retain()) {
            retained.update(message);
        }
        for (Map.Entry<Session, Map<String, Integer>> entry : subscriptions.entrySet()) {
            // Overlapping filters of one client: one copy at the highest granted QoS, as Mosquitto does.
            int best = -1;
            for (Map.Entry<String, Integer> filter : entry.getValue().entrySet()) {
                if (filter.getValue() > best && TopicFilters.matches(filter.getKey(), message.topic())) {
                    best = filter.getValue();
                }
            }
            if (best >= 0) {
                // Live deliveries never carry the retain flag (3.1.1 section 3.3.1.3).
                entry.getKey().deliver(message, Math.min(message.qos(), best), false);
            }
        }
    }

    /**
     * Adds the subscriptions, queues the SUBACK to {@code replies} and then the matching retained
     * messages (retain flag set), all before any later publish can interleave.
     */
    synchronized void subscribe(Session session, SubscribePacket packet, Outbox replies) {
        Map<String, Integer> filters = subscriptions.computeIfAbsent(session, s -> new LinkedHashMap<>());
        List<Integer> granted = new ArrayList<>();
        for (SubscribePacket.Request request : packet.requests()) {
            boolean room = filters.size() < maxSubscriptionsPerSession || filters.containsKey(request.filter());
            if (request.valid() && room) {
                filters.put(request.filter(), request.qos());
                granted.add(request.qos());
            } else {
                granted.add(REFUSED);
            }
        }
        replies.addReply(PacketEncoder.suback(packet.packetId(), granted));
        for (int i = 0; i < granted.size(); i++) {
            SubscribePacket.Request request = packet.requests().get(i);
            if (granted.get(i) != REFUSED) {
                for (Message message : retained.matching(request.filter())) {
                    session.deliver(message, Math.min(message.qos(), request.qos()), true);
                }
            }
        }
    }

    synchronized void unsubscribe(Session session, List<String> filters) {
        Map<String, Integer> current = subscriptions.get(session);
        if (current != null) {
            filters.forEach(current::remove);
            if (current.isEmpty()) {
                subscriptions.remove(session);
            }
        }
    }

    synchronized void forget(Session session) {
        subscriptions.remove(session);
    }
}
