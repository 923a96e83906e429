package org.accessctl.sim.broker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The last retained message per topic. Not thread-safe: the router guards it. */
final class RetainedMessages {
    private final Map<String, Message> byTopic = new LinkedHashMap<>();

    /** Stores a retained message; an empty payload removes the topic's message and is not stored. */
    void update(Message message) {
        if (message.payload().length == 0) {
            byTopic.remove(message.topic());
        } else {
            byTopic.put(message.topic(), message);
        }
    }

    List<Message> matching(String filter) {
        List<Message> found = new ArrayList<>();
        for (Message message : byTopic.values()) {
            if (Topics.matches(filter, message.topic())) {
                found.add(message);
            }
        }
        return found;
    }
}
