package org.accessctl.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed JSON object read field by field, so that decoding a record reads like its
 * description and every refusal names the field and what was wrong with it, e.g.
 * {@code field "doors[2].active": expected true or false, got a string}.
 *
 * <p>Fields this code does not ask for are simply ignored: the upstream system may add fields
 * before we learn about them, and that must not break us.
 *
 * <p>{@code require...} refuses a missing field and a field that is null; {@code optional...}
 * treats null like a missing field, since publishers differ in which of the two they send.
 */
public final class JsonObject {

    private final Map<String, Object> members;
    /** Where this object sits in the document, for messages ("" for the top level). */
    private final String path;

    private JsonObject(Map<String, Object> members, String path) {
        this.members = members;
        this.path = path;
    }

    /** Wraps a parsed top-level value, refusing anything that is not an object. */
    public static JsonObject of(Object parsed) {
        return wrap(parsed, "");
    }

    /** Parses a UTF-8 payload that must be a JSON object. */
    public static JsonObject parseBytes(byte[] payload) {
        return of(Json.parseBytes(payload));
    }

    private static JsonObject wrap(Object value, String path) {
        if (!(value instanceof Map)) {
            String where = path.isEmpty() ? "top-level value" : "field \"" + path + "\"";
            throw new JsonException(where + ": expected an object, got " + kind(value));
        }
        for (Object key : ((Map<?, ?>) value).keySet()) {
            if (!(key instanceof String)) {
                throw new JsonException("object member names must be strings");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) value;
        return new JsonObject(members, path);
    }

    /** The members as parsed (read-only), for anything the typed accessors do not cover. */
    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }

    /** Whether the field is present with a value other than null. */
    public boolean has(String name) {
        return members.get(name) != null;
    }

    public String requireString(String name) {
        return asString(require(name, "a string"), name);
    }

    public Optional<String> optionalString(String name) {
        return optional(name).map(v -> asString(v, name));
    }

    public boolean requireBoolean(String name) {
        return asBoolean(require(name, "true or false"), name);
    }

    public Optional<Boolean> optionalBoolean(String name) {
        return optional(name).map(v -> asBoolean(v, name));
    }

    /** An integer in 64-bit range; 3.0 or 3e0 count as the integer 3, 3.5 does not. */
    public long requireLong(String name) {
        return asLong(require(name, "an integer"), name);
    }

    public OptionalLong optionalLong(String name) {
        Optional<Object> value = optional(name);
        return value.isPresent() ? OptionalLong.of(asLong(value.get(), name)) : OptionalLong.empty();
    }

    public JsonObject requireObject(String name) {
        return wrap(require(name, "an object"), fieldPath(name));
    }

    public Optional<JsonObject> optionalObject(String name) {
        return optional(name).map(v -> wrap(v, fieldPath(name)));
    }

    /** An array whose elements are all strings (null elements refused). */
    public List<String> requireStringList(String name) {
        return stringList(require(name, "an array of strings"), name);
    }

    public Optional<List<String>> optionalStringList(String name) {
        return optional(name).map(v -> stringList(v, name));
    }

    /** An array whose elements are all objects, each readable with its own path in messages. */
    public List<JsonObject> requireObjectList(String name) {
        return objectList(require(name, "an array of objects"), name);
    }

    public Optional<List<JsonObject>> optionalObjectList(String name) {
        return optional(name).map(v -> objectList(v, name));
    }

    private Object require(String name, String expected) {
        Object value = members.get(name);
        if (value == null) {
            throw new JsonException("field \"" + fieldPath(name) + "\": expected " + expected + ", got "
                    + (members.containsKey(name) ? "null" : "nothing (the field is missing)"));
        }
        return value;
    }

    private Optional<Object> optional(String name) {
        return Optional.ofNullable(members.get(name));
    }

    private String asString(Object value, String name) {
        if (value instanceof String) {
            return (String) value;
        }
        throw wrongType(fieldPath(name), "a string", value);
    }

    private boolean asBoolean(Object value, String name) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw wrongType(fieldPath(name), "true or false", value);
    }

    private long asLong(Object value, String name) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            throw new JsonException("field \"" + fieldPath(name) + "\": expected an integer in 64-bit range, got "
                    + JsonStrings.forMessage(value.toString()));
        }
        if (value instanceof BigDecimal) {
            return integralDecimal((BigDecimal) value, name);
        }
        throw wrongType(fieldPath(name), "an integer", value);
    }

    private long integralDecimal(BigDecimal decimal, String name) {
        // precision - scale bounds the magnitude without expanding the number, so a crafted
        // 1e9999 is refused before anything builds its 10,000 digits.
        if (decimal.signum() == 0) {
            return 0;
        }
        if ((long) decimal.precision() - decimal.scale() > 19) {
            throw new JsonException("field \"" + fieldPath(name) + "\": expected an integer in 64-bit range, got "
                    + JsonStrings.forMessage(decimal.toString()));
        }
        try {
            return decimal.longValueExact();
        } catch (ArithmeticException e) {
            boolean fractional = decimal.stripTrailingZeros().scale() > 0;
            throw new JsonException("field \"" + fieldPath(name) + "\": expected an integer"
                    + (fractional ? "" : " in 64-bit range") + ", got " + JsonStrings.forMessage(decimal.toString()));
        }
    }

    private List<String> stringList(Object value, String name) {
        List<?> elements = asArray(value, name, "an array of strings");
        List<String> strings = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            Object element = elements.get(i);
            if (!(element instanceof String)) {
                throw wrongType(fieldPath(name) + "[" + i + "]", "a string", element);
            }
            strings.add((String) element);
        }
        return Collections.unmodifiableList(strings);
    }

    private List<JsonObject> objectList(Object value, String name) {
        List<?> elements = asArray(value, name, "an array of objects");
        List<JsonObject> objects = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            objects.add(wrap(elements.get(i), fieldPath(name) + "[" + i + "]"));
        }
        return Collections.unmodifiableList(objects);
    }

    private List<?> asArray(Object value, String name, String expected) {
        if (value instanceof List) {
            return (List<?>) value;
        }
        throw wrongType(fieldPath(name), expected, value);
    }

    private String fieldPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static JsonException wrongType(String fieldPath, String expected, Object value) {
        return new JsonException("field \"" + fieldPath + "\": expected " + expected + ", got " + kind(value));
    }

    /** What a parsed value is, in the words of JSON rather than of Java. */
    private static String kind(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        }
        return "a " + value.getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return Json.write(members);
    }
}
