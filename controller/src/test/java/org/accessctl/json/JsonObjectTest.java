package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JsonObjectTest {

    private final JsonObject person = JsonObject.of(Json.parse("{"
            + "\"name\":\"Ada\",\"active\":true,\"badge\":1234,\"level\":3.0,\"note\":null,"
            + "\"doors\":[\"dc-1\",\"dc-2\"],\"bad\":[\"x\",7],\"since\":\"2024-01-01\","
            + "\"schedule\":{\"from\":\"08:00\",\"days\":[1,2]},"
            + "\"cards\":[{\"id\":\"a\"},{\"id\":5}],\"big\":99999999999999999999,\"half\":2.5,"
            + "\"huge\":1e9999,\"added_upstream_later\":{\"whatever\":[]}}"));

    @Test
    void readsTypedFields() {
        assertEquals("Ada", person.requireString("name"));
        assertTrue(person.requireBoolean("active"));
        assertEquals(1234L, person.requireLong("badge"));
        assertEquals(3L, person.requireLong("level"));
        assertEquals(List.of("dc-1", "dc-2"), person.requireStringList("doors"));
        assertEquals("08:00", person.requireObject("schedule").requireString("from"));
        assertEquals("a", person.requireObjectList("cards").get(0).requireString("id"));
    }

    @Test
    void optionalFieldsTreatNullLikeAbsence() {
        assertEquals(Optional.empty(), person.optionalString("note"));
        assertEquals(Optional.empty(), person.optionalString("nickname"));
        assertEquals(Optional.of("2024-01-01"), person.optionalString("since"));
        assertEquals(Optional.of(true), person.optionalBoolean("active"));
        assertEquals(OptionalLong.of(1234), person.optionalLong("badge"));
        assertEquals(OptionalLong.empty(), person.optionalLong("note"));
        assertEquals(Optional.empty(), person.optionalStringList("note"));
        assertEquals(Optional.of(List.of("dc-1", "dc-2")), person.optionalStringList("doors"));
        assertEquals(Optional.empty(), person.optionalObjectList("missing"));
        assertEquals(Optional.empty(), person.optionalObject("note"));
        assertFalse(person.has("note"));
        assertTrue(person.has("name"));
        assertTrue(person.members().containsKey("note"));
    }

    @Test
    void unknownFieldsAreTolerated() {
        assertTrue(person.members().containsKey("added_upstream_later"));
        assertEquals("Ada", person.requireString("name"));
    }

    @Test
    void refusalsNameTheFieldAndWhatWasExpected() {
        refused("field \"active\": expected a string, got a boolean", () -> person.requireString("active"));
        refused("field \"name\": expected true or false, got a string", () -> person.requireBoolean("name"));
        refused("field \"missing\": expected true or false, got nothing (the field is missing)",
                () -> person.requireBoolean("missing"));
        refused("field \"note\": expected a string, got null", () -> person.requireString("note"));
        refused("field \"name\": expected an integer, got a string", () -> person.requireLong("name"));
        refused("field \"half\": expected an integer, got \"2.5\"", () -> person.requireLong("half"));
        refused("field \"big\": expected an integer in 64-bit range, got \"99999999999999999999\"",
                () -> person.requireLong("big"));
        refused("field \"huge\": expected an integer in 64-bit range, got \"1E+9999\"",
                () -> person.requireLong("huge"));
        refused("field \"bad[1]\": expected a string, got a number", () -> person.requireStringList("bad"));
        refused("field \"name\": expected an array of strings, got a string",
                () -> person.optionalStringList("name"));
        refused("field \"doors[0]\": expected an object, got a string", () -> person.requireObjectList("doors"));
        refused("field \"schedule\": expected a string, got an object", () -> person.optionalString("schedule"));
        refused("field \"schedule.days[0]\": expected a string, got a number",
                () -> person.requireObject("schedule").requireStringList("days"));
        refused("field \"cards[1].id\": expected a string, got a number",
                () -> person.requireObjectList("cards").get(1).requireString("id"));
        refused("field \"doors\": expected an object, got an array", () -> person.requireObject("doors"));
    }

    @Test
    void topLevelMustBeAnObject() {
        refused("top-level value: expected an object, got an array", () -> JsonObject.of(Json.parse("[]")));
        refused("top-level value: expected an object, got null", () -> JsonObject.of(Json.parse("null")));
        assertEquals("x", JsonObject.parseBytes("{\"k\":\"x\"}".getBytes(StandardCharsets.UTF_8)).requireString("k"));
    }

    private static void refused(String message, Executable read) {
        assertEquals(message, assertThrows(JsonException.class, read).getMessage());
    }
}
