package org.accessctl.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link Event} record as the contract's members: its components by name after {@code at},
 * null ones left out. Read from the record's declaration, so a type's members cannot drift
 * from what the core fills in.
 */
final class EventMembers {

    private static final ClassValue<String> TYPES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> c) {
            return c.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        }
    };

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> c) {
            return Arrays.stream(c.getRecordComponents()).filter(r -> !r.getName().equals("at")).map(RecordComponent::getAccessor)
                    .toArray(Method[]::new);
        }
    };

    private EventMembers() {
    }

    static String type(Class<?> eventClass) {
        return TYPES.get(eventClass);
    }

    static Map<String, Object> json(Event e, long seq, String site, String door, ZoneId zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("at", Times.format(e.at(), zone));
        body.put("type", e.type());
        body.put("site", site);
        body.put("door", door);
        body.putAll(of(e, zone));
        return body;
    }

    /** @param zone the zone times are written in, or null to keep them {@link Instant}s */
    static Map<String, Object> of(Event e, ZoneId zone) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (Method m : ACCESSORS.get(e.getClass())) {
            Object v;
            try {
                v = m.invoke(e);
            } catch (IllegalAccessException | InvocationTargetException x) {
                throw new IllegalStateException("an event's accessor is public and cannot fail", x);
            }
            if (v != null) {
                members.put(m.getName(), zone == null ? v : written(v, zone));
            }
        }
        return members;
    }

    /** Times inside events are written like {@code at}: ISO-8601 with the door's offset. */
    private static Object written(Object v, ZoneId zone) {
        if (v instanceof Instant t) {
            return Times.format(t, zone);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, written(x, zone)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(x -> written(x, zone)).toList();
        }
        return v;
    }
}
