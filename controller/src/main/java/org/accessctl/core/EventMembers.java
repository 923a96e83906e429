package org.accessctl.core;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link Event} record as the contract's members: its components by name after {@code at},
 * null ones left out. Read from the record's declaration, so a type's members cannot drift
 * from what the code fills in.
 */
final class EventMembers {

    private record Shape(String type, Method[] accessors) {
    }

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> c) {
            return new Shape(c.getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT),
                    Arrays.stream(c.getRecordComponents()).filter(r -> !r.getName().equals("at"))
                            .map(RecordComponent::getAccessor).toArray(Method[]::new));
        }
    };

    private EventMembers() {
    }

    static String type(Class<?> eventClass) {
        return SHAPES.get(eventClass).type();
    }

    static Map<String, Object> json(Event e, long seq, String site, String door, ZoneId zone) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("seq", seq);
        body.put("at", Times.format(e.at(), zone));
        body.put("type", e.type());
        body.put("site", site);
        body.put("door", door);
        return into(body, e, zone);
    }

    /** @param zone the zone times are written in (ISO-8601 with its offset, like {@code at}), or null to keep them */
    static Map<String, Object> into(Map<String, Object> members, Event e, ZoneId zone) {
        try {
            for (Method m : SHAPES.get(e.getClass()).accessors()) {
                Object v = m.invoke(e);
                if (v != null) {
                    members.put(m.getName(), zone != null && v instanceof Instant t ? Times.format(t, zone) : v);
                }
            }
        } catch (IllegalAccessException | InvocationTargetException x) {
            throw new IllegalStateException("a record's accessor is public and cannot fail", x);
        }
        return members;
    }
}
