package org.accessctl.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something the door did or saw, before the event log gives it its {@code seq} and
 * {@code chain}. {@code fields} holds the type-specific members (strings, numbers, booleans,
 * lists and maps of those); the common members {@code seq}, {@code at}, {@code type},
 * {@code site}, {@code door} and {@code chain} are added when the event is recorded.
 */
public record Event(String type, Instant at, Map<String, Object> fields) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Builder of(String type, Instant at) {
        return new Builder(type, at);
    }

    /** Builds an event's fields in a readable order; null values are left out. */
    public static final class Builder {
        private final String type;
        private final Instant at;
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Builder(String type, Instant at) {
            this.type = type;
            this.at = at;
        }

        public Builder with(String name, Object value) {
            if (value != null) {
                fields.put(name, value);
            }
            return this;
        }

        public Event build() {
            return new Event(type, at, fields);
        }
    }
}
