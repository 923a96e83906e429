package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonParseTest {

    @Test
    void objectsKeepDocumentOrderAndMapToPlainJavaValues() {
        Object parsed = Json.parse(" {\"z\": 1, \"a\": [true, false, null], \"m\": {\"s\": \"x\"}} ");

        Map<?, ?> object = assertInstanceOf(LinkedHashMap.class, parsed);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(object.keySet()));
        assertEquals(1L, object.get("z"));
        List<?> array = assertInstanceOf(ArrayList.class, object.get("a"));
        assertEquals(Boolean.TRUE, array.get(0));
        assertEquals(Boolean.FALSE, array.get(1));
        assertNull(array.get(2));
        assertEquals(Map.of("s", "x"), object.get("m"));
    }

    @Test
    void jsonNullIsJavaNullAndStillAPresentMember() {
        Map<?, ?> object = (Map<?, ?>) Json.parse("{\"gone\":null}");

        assertTrue(object.containsKey("gone"));
        assertNull(object.get("gone"));
        assertNull(Json.parse("null"));
    }

    @Test
    void integersAreLongWhenTheyFitAndBigIntegerOtherwise() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(0L, Json.parse("-0"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(new BigInteger("9223372036854775808"), Json.parse("9223372036854775808"));
        assertEquals(new BigInteger("-9223372036854775809"), Json.parse("-9223372036854775809"));
    }

    @Test
    void fractionsAndExponentsAreExactBigDecimals() {
        assertEquals(new BigDecimal("4.50"), Json.parse("4.50"));
        assertEquals(new BigDecimal("1E30"), Json.parse("1E30"));
        assertEquals(new BigDecimal("-2e-3"), Json.parse("-2e-3"));
        assertEquals(new BigDecimal("1e+2"), Json.parse("1e+2"));
        assertEquals(new BigDecimal("0.1"), Json.parse("0.1"));
        assertEquals(new BigDecimal("333333333.33333329"), Json.parse("333333333.33333329"));
    }

    @Test
    void escapesDecodeIncludingSurrogatePairs() {
        assertEquals("\"\\/\b\f\n\r\t", Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\""));
        assertEquals("\u20ac\u00e9A", Json.parse("\"\\u20AC\\u00e9\\u0041\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\\uD83D\\uDE00\""));
        assertEquals("\uD83D\uDE00", Json.parse("\"\uD83D\uDE00\""));
        assertEquals("\u0000", Json.parse("\"\\u0000\""));
    }

    @Test
    void bytesAreDecodedAsUtf8() {
        byte[] payload = "{\"name\":\"Jos\u00e9 \uD83D\uDD11\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals(Map.of("name", "Jos\u00e9 \uD83D\uDD11"), Json.parseBytes(payload));
    }

    @Test
    void malformedUtf8IsRefusedWithItsByteOffsetNotReplaced() {
        byte[] payload = {'"', 'a', (byte) 0xC3, '"'};

        JsonException e = assertThrows(JsonException.class, () -> Json.parseBytes(payload));
        assertEquals("Invalid UTF-8 middle byte 0x22 at byte offset 4", e.getMessage());
        assertEquals(4, e.offset());
    }

    @Test
    void overlongAndSurrogateAndTruncatedUtf8AreRefused() {
        Map<String, byte[]> bad = Map.of(
                "Invalid UTF-8 start byte 0xc0", new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}, // overlong '/'
                "Invalid UTF-8: Illegal surrogate character 0xd800",
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'},
                "Invalid UTF-8: code point 0x110000 beyond U+10FFFF",
                new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'},
                "Unexpected end-of-input in VALUE_STRING", new byte[] {'"', (byte) 0xE2, (byte) 0x82},
                "Invalid UTF-8 start byte 0xff", new byte[] {(byte) 0xFF});
        bad.forEach((problem, payload) -> {
            JsonException e = assertThrows(JsonException.class, () -> Json.parseBytes(payload));
            assertTrue(e.getMessage().startsWith(problem + " at byte offset "), e.getMessage());
        });
    }

    @Test
    void aByteOrderMarkIsRefused() {
        byte[] payload = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'};

        JsonException e = assertThrows(JsonException.class, () -> Json.parseBytes(payload));
        assertEquals("a byte order mark before the JSON value (RFC 8259 allows none) at byte offset 0", e.getMessage());
        assertMessage("a byte order mark before the JSON value (RFC 8259 allows none) at byte offset 0",
                () -> Json.parseBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '1'}));
    }

    @Test
    void utf16AndUtf32AreRefusedNotDetected() {
        assertMessage("a zero byte (UTF-16 or UTF-32? JSON payloads are UTF-8) at byte offset 0",
                () -> Json.parseBytes(new byte[] {0, '{', 0, '}'}));
        assertMessage("a zero byte (UTF-16 or UTF-32? JSON payloads are UTF-8) at byte offset 1",
                () -> Json.parseBytes(new byte[] {'1', 0, 0, 0}));
    }

    @Test
    void oversizedPayloadBytesAreRefusedBeforeDecoding() {
        byte[] payload = new byte[70_000];

        JsonException e = assertThrows(JsonException.class, () -> Json.parseBytes(payload));
        assertEquals("payload of 70000 bytes is longer than the limit of 65536 at byte offset 65536", e.getMessage());
    }

    @Test
    void tenMegabyteStringIsRefusedByTheLengthLimitBeforeAnyWork() {
        String huge = "\"" + "a".repeat(10 * 1024 * 1024) + "\"";

        long start = System.nanoTime();
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(huge));
        long micros = (System.nanoTime() - start) / 1000;

        assertEquals("input of 10485762 characters is longer than the limit of 65536 at offset 65536",
                e.getMessage());
        assertTrue(micros < 50_000, "took " + micros + " µs; the check must come before reading");
    }

    @Test
    void limitsCanBeRaisedOrLowered() {
        JsonLimits tight = new JsonLimits(100, 2, 5, 3);

        assertEquals(List.of(List.of()), Json.parse("[[]]", tight));
        assertMessage("nesting deeper than 2 levels at offset 2", () -> Json.parse("[[[]]]", tight));
        assertMessage("string longer than 5 characters at offset 0", () -> Json.parse("\"abcdef\"", tight));
        assertEquals("abcde", Json.parse("\"abcde\"", tight));
        assertMessage("number with more than 3 digits at offset 0", () -> Json.parse("1.234", tight));
        assertEquals(new BigDecimal("1.23"), Json.parse("1.23", tight));
        assertMessage("input of 101 characters is longer than the limit of 100 at offset 100",
                () -> Json.parse(" ".repeat(100) + "1", tight));
    }

    @Test
    void limitsHoldForMemberNamesValuesAndPayloadsToo() {
        JsonLimits tight = new JsonLimits(100, 2, 5, 3);

        assertMessage("nesting deeper than 2 levels at byte offset 10",
                () -> Json.parseBytes("{\"a\":{\"b\":{}}}".getBytes(StandardCharsets.UTF_8), tight));
        assertMessage("string longer than 5 characters at offset 5", () -> Json.parse("{\"a\":\"abcdef\"}", tight));
        assertTrue(assertThrows(JsonException.class, () -> Json.parse("{\"abcdef\":1}", tight)).getMessage()
                .startsWith("string longer than 5 characters at offset "));
        assertTrue(assertThrows(JsonException.class, () -> Json.parse("{\"a\":1.234}", tight)).getMessage()
                .startsWith("number with more than 3 digits at offset "));
        assertMessage("number with more than 3 digits at offset 3", () -> Json.parse("[1,2e1000]", tight));
    }

    @Test
    void limitsThemselvesAreBounded() {
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(100, 100_000, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> new JsonLimits(0, 10, 10, 10));
    }

    @Test
    void depthLimitAllowsExactlyTheLimit() {
        String deepest = "[".repeat(32) + "]".repeat(32);
        String tooDeep = "[".repeat(33) + "]".repeat(33);

        Json.parse(deepest);
        assertMessage("nesting deeper than 32 levels at offset 32", () -> Json.parse(tooDeep));
    }

    @Test
    void stringLongerThanTheDefaultLimitIsRefused() {
        String longest = "\"" + "a".repeat(16 * 1024) + "\"";
        String tooLong = "[\"" + "a".repeat(16 * 1024 + 1) + "\"]";

        assertEquals(16 * 1024, ((String) Json.parse(longest)).length());
        assertMessage("string longer than 16384 characters at offset 1", () -> Json.parse(tooLong));
    }

    @Test
    void exponentsBeyondAnyDoubleAreRefused() {
        assertEquals(new BigDecimal("1e9999"), Json.parse("1e9999"));
        assertEquals(new BigDecimal("1e-9999"), Json.parse("1e-0009999"));
        assertMessage("number exponent beyond +/-9999 at offset 0", () -> Json.parse("1e10000"));
        assertMessage("number exponent beyond +/-9999 at offset 1", () -> Json.parse("[1e-999999999]"));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable parse) {
        JsonException e = assertThrows(JsonException.class, parse);
        assertEquals(expected, e.getMessage());
    }
}
