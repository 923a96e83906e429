package org.accessctl.sim.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last retained message per topic. Not thread-safe: the router guards it. */
final class RetainedMessages {
    private static final Logger log = LoggerFactory.getLogger(RetainedMessages.class);

    private final Map<String, Message> byTopic = new LinkedHashMap<>();
    private final int maxTopics;

    RetainedMessages(int maxTopics) {
        this.maxTopics = maxTopics;
    }

    /**
     * Stores a retained message; an empty payload removes the topic's message and is not stored.
     * Past the limit a new topic is not stored (existing topics still update), so a client
     * inventing topics cannot grow the store without bound.
     */
    void update(Message message) {
        if (message.payload().length == 0) {
            byTopic.remove(message.topic());
        } else if (byTopic.size() < maxTopics || byTopic.containsKey(message.topic())) {
            byTopic.put(message.topic(), message);
        } else {
            log.warn("Not retaining the message on {}: {} topics already hold retained messages",
                    message.topic(), maxTopics);
        }
    }

    List<Message> matching(String filter) {
        List<Message> found = new ArrayList<>();
        for (Message message : byTopic.values()) {
            if (TopicFilters.matches(filter, message.topic())) {
                found.add(message);
            }
        }
        return found;
    }
}
