package org.accessctl.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.accessctl.core.Person;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonRecordsTest {

    private static Person decode(String id, String json) throws RecordRefused {
        return PersonRecords.decode(id, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesTheContractExample() throws Exception {
        Person p = decode("P-001", """
                {"personId": "P-001", "name": "Operator One", "badgeUid": "0a1b2c3d4e",
                 "roles": ["access", "escort", "operator"], "active": true,
                 "doors": ["door-1"], "publicKey": "MCowBQYDK2VwAyEA", "futureField": {"x": 1}}""");
        assertEquals(new Person("P-001", "Operator One", "0A1B2C3D4E", Set.of("access", "escort", "operator"), true,
                Set.of("door-1"), "MCowBQYDK2VwAyEA"), p);
    }

    @Test
    void aPersonMayNameASchedule() throws Exception {
        assertEquals("office-hours", decode("P-003", "{\"personId\":\"P-003\",\"active\":true,\"schedule\":\"office-hours\"}")
                .schedule());
        assertNull(decode("P-003", "{\"personId\":\"P-003\",\"active\":true}").schedule());
        RecordRefused e = assertThrows(RecordRefused.class,
                () -> decode("P-003", "{\"personId\":\"P-003\",\"active\":true,\"schedule\":\"office hours\"}"));
        assertTrue(e.getMessage().startsWith("field \"schedule\""), e.getMessage());
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() throws Exception {
        Person p = decode("P-002", "{\"personId\":\"P-002\",\"active\":false,\"badgeUid\":null,\"doors\":null}");
        assertNull(p.badgeUid());
        assertTrue(p.roles().isEmpty());
        assertTrue(p.doors().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON               | {personId                                         | payload is not valid JSON",
        "not an object          | [1,2]                                             | payload is not a JSON object",
        "no personId            | {\"active\":true}                                 | field \"personId\": expected a string, got nothing (the field is missing)",
        "id differs from topic  | {\"personId\":\"P-999\",\"active\":true}          | but the topic names \"P-001\"",
        "active not boolean     | {\"personId\":\"P-001\",\"active\":1}             | field \"active\": expected true or false",
        "active missing         | {\"personId\":\"P-001\"}                          | field \"active\": expected true or false",
        "roles not a list       | {\"personId\":\"P-001\",\"active\":true,\"roles\":\"access\"} | field \"roles\": expected an array of strings",
        "door id malformed      | {\"personId\":\"P-001\",\"active\":true,\"doors\":[\"Door 1\"]} | is not a door id",
        "badge with a space     | {\"personId\":\"P-001\",\"active\":true,\"badgeUid\":\"0A 1B\"} | field \"badgeUid\"",
        "unknown role           | {\"personId\":\"P-001\",\"active\":true,\"roles\":[\"acess\"]} | field \"roles\": unknown role \"acess\"; known roles are access, escort, operator, approver",
        "duplicate key          | {\"personId\":\"P-001\",\"active\":true,\"active\":false} | payload is not valid JSON",
    })
    void refusesWithAReasonNamingTheField(String name, String json, String reason) {
        RecordRefused e = assertThrows(RecordRefused.class, () -> decode("P-001", json));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void refusesMalformedUtf8AndHugePayloads() {
        assertThrows(RecordRefused.class, () -> PersonRecords.decode("P-001", new byte[] {'{', (byte) 0xC3, '}'}));
        String huge = "{\"personId\":\"P-001\",\"active\":true,\"name\":\"" + "x".repeat(200_000) + "\"}";
        assertThrows(RecordRefused.class, () -> decode("P-001", huge));
    }
}
