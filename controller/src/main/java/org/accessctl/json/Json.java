package org.accessctl.json;

/**
 * Strict JSON in and out, for payloads from publishers we do not trust and for the event log,
 * whose hash chain is computed over RFC 8785 canonical JSON.
 *
 * <p>Parsed values are plain Java:
 * <ul>
 *   <li>object: {@code LinkedHashMap<String, Object>} in document order (duplicate names refused);
 *   <li>array: {@code ArrayList<Object>};
 *   <li>string: {@code String} (always well-formed UTF-16, no lone surrogates);
 *   <li>true/false: {@code Boolean};
 *   <li>null: Java {@code null}; use {@code containsKey} to tell a member that is null from
 *       one that is absent;
 *   <li>number without fraction or exponent: {@code Long} when it fits, else {@code BigInteger}
 *       ({@code -0} reads as {@code 0L});
 *   <li>any other number: {@code BigDecimal}, exactly as written ({@code 4.50} keeps its scale).
 * </ul>
 * No number is read as a double, so parsing loses nothing; rounding to a double happens only
 * in {@link #canonical}, because RFC 8785 says so.
 *
 * <p>Every refusal is a {@link JsonException} naming the problem and its offset. Input is
 * bounded by {@link JsonLimits} ({@link JsonLimits#DEFAULT} unless given), so crafted input
 * cannot exhaust the stack or the heap.
 */
public final class Json {

    private Json() {
    }

    /** Parses one JSON text within the {@link JsonLimits#DEFAULT default limits}. */
    public static Object parse(String text) {
        return parse(text, JsonLimits.DEFAULT);
    }

    public static Object parse(String text, JsonLimits limits) {
        return JsonReader.parse(text, limits);
    }

    /**
     * Parses a UTF-8 payload, as MQTT delivers it. Malformed UTF-8 is refused, never patched
     * with U+FFFD; a leading byte order mark is refused too, as RFC 8259 forbids sending one.
     * Offsets in refusals count bytes.
     */
    public static Object parseBytes(byte[] payload) {
        return parseBytes(payload, JsonLimits.DEFAULT);
    }

    public static Object parseBytes(byte[] payload, JsonLimits limits) {
        return JsonReader.parse(payload, limits);
    }

    /**
     * Compact JSON: no whitespace, members in the map's own order, numbers exact (integers and
     * BigDecimals as written; doubles in their shortest ECMAScript form). Accepts Map with
     * String keys, Collection, String, Boolean, Byte/Short/Integer/Long, BigInteger,
     * Float/Double/BigDecimal and null; anything else, NaN, infinities and strings with lone
     * surrogates are refused with a {@link JsonException}.
     */
    public static String write(Object value) {
        return JsonWriter.write(value, JsonWriter.Style.COMPACT);
    }

    /**
     * The RFC 8785 (JCS) canonical form, whose UTF-8 bytes are what gets hashed: members sorted
     * by UTF-16 code units, minimal string escaping, and every number written as ECMAScript
     * writes the nearest double. So integers beyond ±2^53 and decimals with more than about
     * 17 significant digits are rounded, exactly as any other JCS implementation would round
     * them; numbers beyond the double range are refused. Accepts the same values as
     * {@link #write}.
     */
    public static String canonical(Object value) {
        return JsonWriter.write(value, JsonWriter.Style.CANONICAL);
    }
}
