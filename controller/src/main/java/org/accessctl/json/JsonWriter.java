package org.accessctl.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns plain Java values into JSON text without whitespace, in one of two styles:
 * {@link Style#COMPACT} keeps member order and every number exactly as given;
 * {@link Style#CANONICAL} is RFC 8785 (JCS): members sorted by the UTF-16 code units of their
 * names and every number written as ECMAScript writes the nearest double.
 *
 * <p>Accepted values: {@code Map} with String keys, {@code Collection} (written in iteration
 * order, so give a List or a sorted set), String, Boolean, Byte/Short/Integer/Long,
 * BigInteger, Float/Double/BigDecimal, and null. Anything else is refused: a timestamp, an
 * enum or an id object has more than one sensible JSON form, and the caller must pick one.
 */
final class JsonWriter {

    enum Style { COMPACT, CANONICAL }

    /**
     * Deeper than any record we write; reaching it almost certainly means a map or list that
     * contains itself, which would otherwise end in a StackOverflowError.
     */
    private static final int MAX_DEPTH = JsonLimits.DEPTH_CEILING;

    private final Style style;
    private final StringBuilder out = new StringBuilder(256);

    private JsonWriter(Style style) {
        this.style = style;
    }

    static String write(Object value, Style style) {
        JsonWriter writer = new JsonWriter(style);
        writer.value(value, 0);
        return writer.out.toString();
    }

    private void value(Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            JsonStrings.appendQuoted(out, (String) value);
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof Number) {
            number((Number) value);
        } else if (value instanceof Map) {
            object((Map<?, ?>) value, deeper(depth));
        } else if (value instanceof Collection) {
            array((Collection<?>) value, deeper(depth));
        } else {
            throw new JsonException("cannot write a " + value.getClass().getName()
                    + " as JSON; convert it to a string, number, boolean, list or map first");
        }
    }

    private static int deeper(int depth) {
        if (depth == MAX_DEPTH) {
            throw new JsonException("value nested deeper than " + MAX_DEPTH + " levels (does it contain itself?)");
        }
        return depth + 1;
    }

    private void object(Map<?, ?> map, int depth) {
        List<Map.Entry<String, Object>> members = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new JsonException("object member names must be strings, got "
                        + (entry.getKey() == null ? "null" : "a " + entry.getKey().getClass().getName()));
            }
            members.add(new AbstractMap.SimpleImmutableEntry<>((String) entry.getKey(), entry.getValue()));
        }
        if (style == Style.CANONICAL) {
            // String.compareTo orders by UTF-16 code units, which is exactly what RFC 8785 asks
            // for (and not code point order: U+E000 sorts after a surrogate pair).
            members.sort(Map.Entry.comparingByKey());
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> member : members) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonStrings.appendQuoted(out, member.getKey());
            out.append(':');
            value(member.getValue(), depth);
        }
        out.append('}');
    }

    private void array(Collection<?> elements, int depth) {
        out.append('[');
        boolean first = true;
        for (Object element : elements) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(element, depth);
        }
        out.append(']');
    }

    private void number(Number number) {
        if (style == Style.CANONICAL) {
            out.append(EcmaNumber.toString(toDouble(number)));
            return;
        }
        if (number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            out.append(number.toString());
        } else if (number instanceof BigDecimal) {
            // toString may use an exponent ("1E+3"), which JSON allows; the value stays exact.
            out.append(number.toString());
        } else if (number instanceof Double || number instanceof Float) {
            out.append(EcmaNumber.toString(number.doubleValue()));
        } else {
            throw unsupportedNumber(number);
        }
    }

    /**
     * RFC 8785 defines JSON numbers as IEEE doubles, so every number is first rounded to the
     * nearest double (Java's conversions from each of these types round correctly). Beyond
     * ±2^53 integers, and beyond about 17 significant digits decimals, that loses precision:
     * the canonical form of 9007199254740993 is 9007199254740992. Values that must survive
     * exactly belong in strings.
     */
    private static double toDouble(Number number) {
        double d;
        if (number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger || number instanceof BigDecimal
                || number instanceof Double || number instanceof Float) {
            d = number.doubleValue();
        } else {
            throw unsupportedNumber(number);
        }
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            throw new JsonException("number " + number + " is outside the range of JSON numbers (IEEE double)");
        }
        return d;
    }

    private static JsonException unsupportedNumber(Number number) {
        return new JsonException("cannot write a " + number.getClass().getName()
                + " as JSON; use Long, BigInteger, Double or BigDecimal");
    }
}
