package org.accessctl.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.core.CommittedEvent;
import org.accessctl.json.Json;
import org.accessctl.mqtt.PublishException;
import org.accessctl.mqtt.Publisher;
import org.accessctl.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a command on {@code commands/results}, made from its committed
 * {@code command_accepted} or {@code command_rejected} event: an operator hears "accepted"
 * only for a command the log already holds. Sent once, without waiting; an operator whose tool
 * missed it finds the command in the event log.
 */
final class CommandResults {

    private static final Logger log = LoggerFactory.getLogger(CommandResults.class);

    private CommandResults() {
    }

    static void publish(List<CommittedEvent> events, Publisher link, Topics topics) {
        for (CommittedEvent e : events) {
            if (!e.type().equals("command_accepted") && !e.type().equals("command_rejected")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) Json.parse(e.json());
            boolean accepted = e.type().equals("command_accepted");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("jti", event.get("jti"));
            result.put("accepted", accepted);
            result.put("reason", accepted ? null : event.get("reason"));
            if (!accepted && event.get("detail") != null) {
                result.put("detail", event.get("detail"));
            }
            result.put("seq", e.seq());
            result.put("at", event.get("at"));
            try {
                link.publish(topics.commandResults(), Json.write(result), false);
            } catch (PublishException | RuntimeException ex) {
                log.warn("result of command {} not published: {}", event.get("jti"), ex.getMessage());
            }
        }
    }
}
