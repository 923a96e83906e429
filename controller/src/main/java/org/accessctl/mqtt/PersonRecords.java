package org.accessctl.mqtt;

import org.accessctl.core.Person;
import org.accessctl.json.JsonObject;

/**
 * Turns a personnel payload into a {@link Person}, or refuses it with a reason that names the
 * field. Unknown fields are tolerated, so the upstream system can add to its records.
 */
public final class PersonRecords {

    private PersonRecords() {
    }

    /**
     * @param topicId the id in the topic, which the payload's {@code personId} must repeat (a
     *     record published under someone else's id would otherwise overwrite them)
     */
    public static Person decode(String topicId, byte[] payload) throws RecordRefused {
        JsonObject o = RecordFields.parse(payload);
        String personId = RecordFields.id(o, "personId", topicId);
        String badge = RecordFields.read(() -> o.optionalString("badgeUid")).orElse(null);
        if (badge != null) {
            badge = RecordFields.badge("badgeUid", badge);
        }
        boolean active = RecordFields.read(() -> o.requireBoolean("active"));
        return new Person(personId, RecordFields.text(o, "name", false), badge, RecordFields.strings(o, "roles"),
                active, RecordFields.doors(o), RecordFields.read(() -> o.optionalString("publicKey")).orElse(null));
    }
}
