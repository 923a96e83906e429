package org.accessctl.app;

import java.time.Instant;
import java.util.List;
import org.accessctl.core.Event;
import org.accessctl.core.Person;
import org.accessctl.mqtt.PersonRecords;
import org.accessctl.mqtt.RecordRefused;
import org.accessctl.mqtt.Topics;
import org.accessctl.store.PersonStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a retained record from the broker to the local copy, on the door loop's thread. A
 * refused record changes nothing and becomes a {@code record_rejected} event naming why.
 */
final class RecordIntake {

    private static final Logger log = LoggerFactory.getLogger(RecordIntake.class);

    private final Topics topics;
    private final PersonStore persons;

    RecordIntake(Topics topics, PersonStore persons) {
        this.topics = topics;
        this.persons = persons;
    }

    List<Event> apply(String topic, byte[] payload, Instant now) {
        if (topic.startsWith(topics.personnelPrefix())) {
            return person(topic, topic.substring(topics.personnelPrefix().length()), payload, now);
        }
        log.debug("ignoring a message on {}", topic);
        return List.of();
    }

    private List<Event> person(String topic, String personId, byte[] payload, Instant now) {
        if (payload.length == 0) {
            if (persons.delete(personId)) {
                log.info("person {} deleted", personId);
            }
            return List.of();
        }
        try {
            Person p = PersonRecords.decode(personId, payload);
            persons.upsert(p, now);
            log.info("person {} stored (active={}, roles={})", p.personId(), p.active(), p.roles());
            return List.of();
        } catch (RecordRefused | PersonStore.BadgeConflict e) {
            log.warn("record on {} refused: {}", topic, e.getMessage());
            return List.of(Event.of("record_rejected", now).with("topic", topic).with("reason", e.getMessage()).build());
        }
    }
}
