package org.accessctl.mqtt;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.accessctl.core.Person;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;

/**
 * Turns a personnel payload into a {@link Person}, or refuses it with a reason that names the
 * field. Unknown fields are tolerated, so the upstream system can add to its records.
 */
public final class PersonRecords {

    /** What a badge number may look like: the upper-case forms every reader format produces. */
    private static final Pattern BADGE = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final Pattern DOOR = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern PERSON_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private PersonRecords() {
    }

    /**
     * @param topicId the id in the topic, which the payload's {@code personId} must repeat (a
     *     record published under someone else's id would otherwise overwrite them)
     */
    public static Person decode(String topicId, byte[] payload) throws RecordRefused {
        Map<String, Object> o;
        try {
            Object parsed = Json.parseBytes(payload);
            if (!(parsed instanceof Map<?, ?>)) {
                throw new RecordRefused("payload is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) parsed;
            o = map;
        } catch (JsonException e) {
            throw new RecordRefused("payload is not valid JSON: " + e.getMessage());
        }
        String personId = string(o, "personId", true);
        if (!PERSON_ID.matcher(personId).matches()) {
            throw new RecordRefused("field \"personId\": expected 1 to 128 printable characters without spaces");
        }
        if (!personId.equals(topicId)) {
            throw new RecordRefused("field \"personId\" is \"" + personId + "\" but the topic names \"" + topicId + "\"");
        }
        String badge = string(o, "badgeUid", false);
        if (badge != null) {
            badge = badge.toUpperCase(Locale.ROOT);
            if (!BADGE.matcher(badge).matches()) {
                throw new RecordRefused("field \"badgeUid\": expected 1 to 64 printable characters without spaces");
            }
        }
        Object active = o.get("active");
        if (!(active instanceof Boolean)) {
            throw new RecordRefused("field \"active\": expected true or false");
        }
        Set<String> roles = strings(o, "roles");
        Set<String> doors = strings(o, "doors");
        for (String d : doors) {
            if (!DOOR.matcher(d).matches()) {
                throw new RecordRefused("field \"doors\": \"" + d + "\" is not a door id ([a-z0-9-]+)");
            }
        }
        String name = string(o, "name", false);
        String publicKey = string(o, "publicKey", false);
        return new Person(personId, name, badge, roles, (Boolean) active, doors, publicKey);
    }

    private static String string(Map<String, Object> o, String field, boolean required) throws RecordRefused {
        Object v = o.get(field);
        if (v == null) {
            if (required) {
                throw new RecordRefused("field \"" + field + "\" is missing");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw new RecordRefused("field \"" + field + "\": expected a string");
        }
        return s;
    }

    private static Set<String> strings(Map<String, Object> o, String field) throws RecordRefused {
        Object v = o.get(field);
        if (v == null) {
            return Set.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new RecordRefused("field \"" + field + "\": expected a list of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new RecordRefused("field \"" + field + "\": expected a list of strings");
            }
            out.add(s);
        }
        return out;
    }
}
