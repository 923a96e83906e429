package org.accessctl.records;

import java.util.List;
import java.util.Set;
import org.accessctl.core.Person;
import org.accessctl.json.JsonObject;

/**
 * Turns a personnel payload into a {@link Person}, or refuses it with a reason that names the
 * field. Unknown fields are tolerated, so the upstream system can add to its records.
 */
public final class PersonRecords {

    /**
     * The roles a door acts on. A typo ({@code "acess"}) stored silently would deny its holder
     * later with a reason that points nowhere near the record, so anything else is refused.
     */
    static final List<String> KNOWN_ROLES = List.of(Person.ROLE_ACCESS, Person.ROLE_ESCORT, Person.ROLE_OPERATOR,
            Person.ROLE_APPROVER);

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
        Set<String> roles = RecordFields.strings(o, "roles");
        for (String role : roles) {
            if (!KNOWN_ROLES.contains(role)) {
                throw new RecordRefused("field \"roles\": unknown role \"" + role + "\"; known roles are "
                        + String.join(", ", KNOWN_ROLES));
            }
        }
        return new Person(personId, RecordFields.text(o, "name", false), badge, roles,
                active, RecordFields.doors(o), RecordFields.read(() -> o.optionalString("publicKey")).orElse(null),
                RecordFields.reference(o, "schedule"));
    }
}
