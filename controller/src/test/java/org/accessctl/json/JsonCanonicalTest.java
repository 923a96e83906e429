package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCanonicalTest {

    /** RFC 8785 section 3.2.2: the sample input, as text. */
    private static final String RFC_SAMPLE = "{\n"
            + "  \"numbers\": [333333333.33333329, 1E30, 4.50,\n"
            + "              2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n"
            + "}";

    /** RFC 8785 section 3.2.3: its canonical output. */
    private static final String RFC_SAMPLE_CANONICAL = "{\"literals\":[null,true,false],"
            + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

    @Test
    void rfcSampleParsedFromTextCanonicalizesAsTheRfcSays() {
        assertEquals(RFC_SAMPLE_CANONICAL, Json.canonical(Json.parse(RFC_SAMPLE)));
    }

    @Test
    void rfcSampleBuiltFromJavaValuesCanonicalizesAsTheRfcSays() {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("numbers", List.of(333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001));
        sample.put("string", "\u20ac$\u000f\nA'B\"\\\\\"/");
        sample.put("literals", Arrays.asList(null, true, false));

        assertEquals(RFC_SAMPLE_CANONICAL, Json.canonical(sample));
    }

    @Test
    void rfcSampleUtf8BytesMatchTheRfcHexDump() {
        // RFC 8785 section 3.2.4 gives these bytes; the euro sign is e2 82 ac.
        byte[] bytes = Json.canonical(Json.parse(RFC_SAMPLE)).getBytes(StandardCharsets.UTF_8);

        assertEquals(0x7b, bytes[0]);
        assertEquals(118, bytes.length);
        String hex = toHex(bytes);
        assertTrue(hex.contains("22 e2 82 ac 24 5c 75 30 30 30 66 5c 6e 41 27 42"), hex);
    }

    /** RFC 8785 section 3.2.3: members sorted by UTF-16 code units, recursively. */
    @Test
    void rfcSortingSample() {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("\u20ac", "Euro Sign");
        sample.put("\r", "Carriage Return");
        sample.put("\ufb33", "Hebrew Letter Dalet With Dagesh");
        sample.put("1", "One");
        sample.put("\uD83D\uDE00", "Emoji: Grinning Face");
        sample.put("\u0080", "Control");
        sample.put("\u00f6", "Latin Small Letter O With Diaeresis");

        assertEquals("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\uD83D\uDE00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}",
                Json.canonical(sample));
    }

    @Test
    void sortingIsByUtf16CodeUnitsNotCodePoints() {
        // U+1F600 is the surrogate pair D83D DE00; as code units it sorts before U+E000, though
        // as a code point it is far above it.
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("\uE000", 1L);
        keys.put("\uD83D\uDE00", 2L);

        assertEquals("{\"\uD83D\uDE00\":2,\"\uE000\":1}", Json.canonical(keys));
        assertEquals("{\"\uE000\":1,\"\uD83D\uDE00\":2}", Json.write(keys));
    }

    @Test
    void nestedObjectsAreSortedToo() {
        Object parsed = Json.parse("{\"b\":[{\"y\":1,\"x\":2}],\"a\":{\"d\":null,\"c\":\"\"}}");

        assertEquals("{\"a\":{\"c\":\"\",\"d\":null},\"b\":[{\"x\":2,\"y\":1}]}", Json.canonical(parsed));
    }

    @Test
    void everyControlCharacterIsEscapedAsJcsRequires() {
        for (char c = 0; c < 0x20; c++) {
            String expected;
            switch (c) {
                case '\b': expected = "\\b"; break;
                case '\t': expected = "\\t"; break;
                case '\n': expected = "\\n"; break;
                case '\f': expected = "\\f"; break;
                case '\r': expected = "\\r"; break;
                default: expected = String.format("\\u%04x", (int) c);
            }
            assertEquals("\"" + expected + "\"", Json.canonical(String.valueOf(c)), "U+" + (int) c);
            assertEquals(String.valueOf(c), Json.parse(Json.canonical(String.valueOf(c))));
        }
    }

    @Test
    void onlyQuoteAndBackslashAreEscapedAmongPrintables() {
        assertEquals("\"\\\"\\\\/\u007f\u00e9\u2028\uD83D\uDE00 <>&'\"",
                Json.canonical("\"\\/\u007f\u00e9\u2028\uD83D\uDE00 <>&'"));
    }

    @Test
    void loneSurrogatesHaveNoCanonicalForm() {
        JsonException e = assertThrows(JsonException.class, () -> Json.canonical("a\uD800"));
        assertEquals("string contains a lone surrogate U+D800 at index 1", e.getMessage());
        assertThrows(JsonException.class, () -> Json.canonical(Map.of("\uDC00", 1)));
        assertThrows(JsonException.class, () -> Json.write("\uDE00\uD83D"));
    }

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their expected serialization. */
    @ParameterizedTest
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void rfcNumberSamples(String ieeeHex, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));

        assertEquals(expected, Json.canonical(value));
        assertEquals(expected, Json.canonical(List.of(value)).replaceAll("[\\[\\]]", ""));
    }

    @Test
    void nanAndInfinityAreRefused() {
        assertThrows(JsonException.class, () -> Json.canonical(Double.longBitsToDouble(0x7fffffffffffffffL)));
        assertThrows(JsonException.class, () -> Json.canonical(Double.longBitsToDouble(0x7ff0000000000000L)));
        assertThrows(JsonException.class, () -> Json.canonical(Double.NEGATIVE_INFINITY));
        assertThrows(JsonException.class, () -> Json.write(Double.NaN));
        assertThrows(JsonException.class, () -> Json.canonical(new BigDecimal("1e400")));
        assertThrows(JsonException.class, () -> Json.canonical(BigInteger.TEN.pow(400)));
    }

    @Test
    void integersAndDecimalsAreWrittenAsTheNearestDouble() {
        assertEquals("9007199254740991", Json.canonical(9007199254740991L));
        assertEquals("-9007199254740991", Json.canonical(-9007199254740991L));
        assertEquals("9007199254740992", Json.canonical(9007199254740993L)); // rounds, as in JCS
        assertEquals("9223372036854776000", Json.canonical(Long.MAX_VALUE));
        assertEquals("42", Json.canonical(42));
        assertEquals("-7", Json.canonical((short) -7));
        assertEquals("1", Json.canonical((byte) 1));
        assertEquals("1e+21", Json.canonical(new BigInteger("1000000000000000000000")));
        assertEquals("100000000000000000000", Json.canonical(new BigInteger("100000000000000000000")));
        assertEquals("4.5", Json.canonical(new BigDecimal("4.50")));
        assertEquals("1000", Json.canonical(new BigDecimal("1E+3")));
        assertEquals("0", Json.canonical(new BigDecimal("-0.000")));
        assertEquals("0", Json.canonical(-0.0));
        assertEquals("1e-7", Json.canonical(new BigDecimal("0.0000001")));
        assertEquals("0.1", Json.canonical(0.1));
        assertEquals("0.10000000149011612", Json.canonical(0.1f)); // a float is its exact double
        assertEquals("0", Json.canonical(new BigDecimal("1e-9999"))); // underflows, as in ECMAScript
    }

    /**
     * The shortest-digits search checked on random bit patterns: the text must read back as
     * the same double, never have more digits than Java's own Double.toString (which always
     * reads back but is not always shortest), and be shaped as ECMAScript shapes numbers.
     */
    @Test
    void randomDoublesRoundTripInTheirShortestForm() {
        SplittableRandom random = new SplittableRandom(8785);
        for (int i = 0; i < 10_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String text = Json.canonical(value);
            assertEquals(value, Double.parseDouble(text), text);
            int ours = significantDigits(text);
            int javas = significantDigits(Double.toString(value));
            assertTrue(ours <= javas, text + " vs " + Double.toString(value));
            assertTrue(text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?"), text);
        }
    }

    @Test
    void plainAndExponentialNotationSwitchWhereEcmaScriptSwitches() {
        assertEquals("100000000000000000000", Json.canonical(1e20));
        assertEquals("1e+21", Json.canonical(1e21));
        assertEquals("123456789012345680000", Json.canonical(123456789012345678901.0));
        assertEquals("1.2345678901234568e+21", Json.canonical(1234567890123456789012.0));
        assertEquals("0.000001", Json.canonical(1e-6));
        assertEquals("0.0000012", Json.canonical(1.2e-6));
        assertEquals("1e-7", Json.canonical(1e-7));
        assertEquals("1.5e-7", Json.canonical(1.5e-7));
        assertEquals("123.456", Json.canonical(123.456));
        assertEquals("-1.5", Json.canonical(-1.5));
        assertEquals("2.2250738585072014e-308", Json.canonical(Double.MIN_NORMAL));
        assertEquals("1.401298464324817e-45", Json.canonical((double) Float.MIN_VALUE));
    }

    @Test
    void parseThenCanonicalOfNestedDataIsStableAndReparsable() {
        String text = "{\"zone\":\"server room \u00e9\",\"doors\":[{\"id\":2,\"open\":false,\"tags\":[]},"
                + "{\"id\":1,\"open\":true,\"tags\":[\"a\",\"\\u0000\"],\"extra\":{\"n\":-0.5e1,\"z\":null}}],"
                + "\"count\":12345678901234,\"\uD83D\uDD11\":\"key\",\"\uE000\":\"private\"}";

        String canonical = Json.canonical(Json.parse(text));

        assertEquals("{\"count\":12345678901234,\"doors\":[{\"id\":2,\"open\":false,\"tags\":[]},"
                + "{\"extra\":{\"n\":-5,\"z\":null},\"id\":1,\"open\":true,\"tags\":[\"a\",\"\\u0000\"]}],"
                + "\"zone\":\"server room \u00e9\",\"\uD83D\uDD11\":\"key\",\"\uE000\":\"private\"}", canonical);
        assertEquals(canonical, Json.canonical(Json.parse(canonical)));
        assertEquals(canonical, Json.canonical(Json.parseBytes(canonical.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void canonicalFormDoesNotDependOnTheMapsOrder() {
        Map<String, Object> tree = new TreeMap<>(Map.of("b", 1L, "a", List.of(2L, "x")));
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("a", new ArrayList<>(List.of(2L, "x")));
        linked.put("b", 1);

        assertEquals(Json.canonical(tree), Json.canonical(linked));
    }

    private static int significantDigits(String number) {
        String mantissa = number.replaceFirst("^-", "").replaceFirst("[eE].*$", "").replace(".", "");
        return mantissa.replaceFirst("^0+", "").replaceFirst("0+$", "").length();
    }

    private static String toHex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }
}
