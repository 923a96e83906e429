package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonWriteTest {

    @Test
    void writesCompactlyInTheMapsOwnOrder() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("seq", 7L);
        event.put("type", "door.opened");
        event.put("forced", false);
        event.put("badges", List.of("04A1", "04A2"));
        event.put("note", null);
        event.put("sensors", Map.of("temp", new BigDecimal("21.50")));

        assertEquals("{\"seq\":7,\"type\":\"door.opened\",\"forced\":false,\"badges\":[\"04A1\",\"04A2\"],"
                + "\"note\":null,\"sensors\":{\"temp\":21.50}}", Json.write(event));
    }

    @Test
    void numbersStayExact() {
        assertEquals("9007199254740993", Json.write(9007199254740993L));
        assertEquals("123456789012345678901234567890", Json.write(new BigInteger("123456789012345678901234567890")));
        assertEquals("333333333.33333329", Json.write(new BigDecimal("333333333.33333329")));
        assertEquals("1E+3", Json.write(new BigDecimal("1E+3")));
        assertEquals("0.1", Json.write(0.1));
        assertEquals("1e+21", Json.write(1e21));
    }

    @Test
    void writtenTextParsesBackToEqualValues() {
        Object parsed = Json.parse("{\"a\":[1,-2.50,1E+3,9223372036854775808,\"\\u001f\\\"\",{},[],null,true],"
                + "\"b\":{\"c\":0.0000001}}");

        assertEquals(parsed, Json.parse(Json.write(parsed)));
    }

    @Test
    void collectionsOtherThanListsAreArraysInIterationOrder() {
        assertEquals("[\"a\",\"b\"]", Json.write(new TreeSet<>(List.of("b", "a"))));
        assertEquals("[null,1]", Json.write(Arrays.asList(null, 1)));
    }

    @Test
    void valuesWithoutAnObviousJsonFormAreRefused() {
        JsonException e = assertThrows(JsonException.class, () -> Json.write(Instant.EPOCH));
        assertEquals("cannot write a java.time.Instant as JSON; convert it to a string, number, boolean,"
                + " list or map first", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.canonical(List.of(new Object())));
        assertThrows(JsonException.class, () -> Json.write(new AtomicLong(1)));
        assertThrows(JsonException.class, () -> Json.write(new int[] {1}));
        assertThrows(JsonException.class, () -> Json.write('c'));
        assertThrows(JsonException.class, () -> Json.write(Thread.State.NEW));
    }

    @Test
    void mapKeysMustBeStrings() {
        Map<Object, Object> map = new HashMap<>();
        map.put(1, "one");
        assertEquals("object member names must be strings, got a java.lang.Integer",
                assertThrows(JsonException.class, () -> Json.write(map)).getMessage());

        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThrows(JsonException.class, () -> Json.canonical(nullKey));
    }

    @Test
    void aValueThatContainsItselfIsRefusedNotAStackOverflow() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        Map<String, Object> selfMap = new HashMap<>();
        selfMap.put("me", selfMap);

        assertThrows(JsonException.class, () -> Json.write(loop));
        assertThrows(JsonException.class, () -> Json.canonical(selfMap));
    }
}
