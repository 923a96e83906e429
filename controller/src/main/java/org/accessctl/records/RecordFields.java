package org.accessctl.records;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;

/**
 * The rules person, visit and schedule records share: how the payload is parsed, what an id, a badge, a
 * door list and a time look like. Every refusal names the field and what was expected.
 */
final class RecordFields {

    /** What a badge number may look like: the upper-case forms every reader format produces. */
    private static final Pattern BADGE = Pattern.compile("[\\x21-\\x7E]{1,64}");
    private static final Pattern DOOR = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    /** Free text (names, purposes): long enough for anything real, short enough to print. */
    static final int MAX_TEXT = 500;

    private RecordFields() {
    }

    /** A field access that may fail with a {@link JsonException}. */
    interface Read<T> {
        T get();
    }

    static <T> T read(Read<T> read) throws RecordRefused {
        try {
            return read.get();
        } catch (JsonException e) {
            throw new RecordRefused(e.getMessage());
        }
    }

    static JsonObject parse(byte[] payload) throws RecordRefused {
        Object parsed;
        try {
            parsed = Json.parseBytes(payload);
        } catch (JsonException e) {
            throw new RecordRefused("payload is not valid JSON: " + e.getMessage());
        }
        try {
            return JsonObject.of(parsed);
        } catch (JsonException e) {
            throw new RecordRefused("payload is not a JSON object");
        }
    }

    /** The record's own id, which must repeat the id in its topic. */
    static String id(JsonObject o, String field, String topicId) throws RecordRefused {
        String id = read(() -> o.requireString(field));
        if (!ID.matcher(id).matches()) {
            throw new RecordRefused("field \"" + field + "\": expected 1 to 128 printable characters without spaces");
        }
        if (!id.equals(topicId)) {
            throw new RecordRefused("field \"" + field + "\" is \"" + id + "\" but the topic names \"" + topicId + "\"");
        }
        return id;
    }

    /** The id of another record, such as a person's schedule; null when the field is absent. */
    static String reference(JsonObject o, String field) throws RecordRefused {
        String id = read(() -> o.optionalString(field)).orElse(null);
        if (id != null && !ID.matcher(id).matches()) {
            throw new RecordRefused("field \"" + field + "\": expected 1 to 128 printable characters without spaces");
        }
        return id;
    }

    static String badge(String field, String value) throws RecordRefused {
        String badge = value.toUpperCase(Locale.ROOT);
        if (!BADGE.matcher(badge).matches()) {
            throw new RecordRefused("field \"" + field + "\": expected 1 to 64 printable characters without spaces");
        }
        return badge;
    }

    static Set<String> doors(JsonObject o) throws RecordRefused {
        Set<String> doors = strings(o, "doors");
        for (String d : doors) {
            if (!DOOR.matcher(d).matches()) {
                throw new RecordRefused("field \"doors\": \"" + d + "\" is not a door id ([a-z0-9-]+)");
            }
        }
        return doors;
    }

    static Set<String> strings(JsonObject o, String field) throws RecordRefused {
        return new LinkedHashSet<>(read(() -> o.optionalStringList(field)).orElse(List.of()));
    }

    static String text(JsonObject o, String field, boolean required) throws RecordRefused {
        Optional<String> value = read(() -> required ? Optional.of(o.requireString(field)) : o.optionalString(field));
        if (value.isPresent() && value.get().length() > MAX_TEXT) {
            throw new RecordRefused("field \"" + field + "\": longer than " + MAX_TEXT + " characters");
        }
        if (required && value.get().isBlank()) {
            throw new RecordRefused("field \"" + field + "\": expected a non-empty string");
        }
        return value.orElse(null);
    }

    static Instant time(JsonObject o, String field) throws RecordRefused {
        String text = read(() -> o.requireString(field));
        try {
            OffsetDateTime t = OffsetDateTime.parse(text);
            // A time the store cannot hold (as milliseconds) is refused here, with its field named.
            if (t.getYear() < 1970 || t.getYear() > 9999) {
                throw new RecordRefused("field \"" + field + "\": year " + t.getYear() + " is outside 1970 to 9999");
            }
            return t.toInstant();
        } catch (DateTimeParseException e) {
            throw new RecordRefused("field \"" + field + "\": expected an ISO-8601 time with offset, such as "
                    + "2026-11-23T09:00:00+07:00");
        }
    }
}
