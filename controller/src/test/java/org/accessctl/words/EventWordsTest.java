package org.accessctl.words;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accessctl.core.Alarm;
import org.accessctl.core.DenialReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Events in words, as the panel and {@code watch} show them. */
class EventWordsTest {

    private static final Names NAMES = new Names() {
        @Override
        public Optional<String> person(String personId) {
            return personId.equals("P-001") ? Optional.of("Operator One") : Optional.empty();
        }

        @Override
        public Optional<String> visitor(String visitId) {
            return visitId.equals("V-1") ? Optional.of("Budi") : Optional.empty();
        }
    };

    private static Map<String, Object> event(Object... fields) {
        Map<String, Object> e = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            e.put((String) fields[i], fields[i + 1]);
        }
        return e;
    }

    @ParameterizedTest
    @EnumSource(DenialReason.class)
    void everyDenialReasonHasWords(DenialReason reason) {
        assertNotEquals(reason.code(), EventWords.denial(reason.code()));
    }

    @Test
    void everyAlarmHasWords() {
        for (String alarm : List.of(Alarm.DOOR_HELD_OPEN, Alarm.DOOR_FORCED_OPEN, Alarm.VISITOR_UNESCORTED, Alarm.VISIT_OVERSTAY,
                Alarm.LONE_OCCUPANT)) {
            assertNotEquals(alarm, EventWords.alarm(alarm));
        }
    }

    @Test
    void namesWhereKnownAndIdsWhereNot() {
        assertEquals("Budi (visitor, V-1) with escort Operator One (P-001) let in at the entry reader",
                EventWords.describe(event("type", "access_granted", "direction", "in", "via", "badge", "visitId", "V-1",
                        "escortId", "P-001"), NAMES));
        assertEquals("P-002 let out at the exit reader", EventWords.describe(event("type", "access_granted",
                "direction", "out", "via", "badge", "personId", "P-002"), NAMES));
        assertEquals("badge 0A1B2C3D4E of Operator One (P-001) refused at the entry reader: the door is in lockdown",
                EventWords.describe(event("type", "access_denied", "direction", "in", "badgeUid", "0A1B2C3D4E",
                        "personId", "P-001", "reason", "lockdown"), NAMES));
        assertEquals("ALARM: visitor stayed past the end of the visit — visitor of V-9",
                EventWords.describe(event("type", "alarm_raised", "alarm", "visit_overstay", "visitId", "V-9"), NAMES));
        assertEquals("door unlocked remotely by Operator One (P-001): \"Vendor at the door\"",
                EventWords.describe(event("type", "access_granted", "direction", "in", "via", "remote",
                        "operatorId", "P-001", "reason", "Vendor at the door"), NAMES));
    }

    @Test
    void anEventThisVersionDoesNotKnowIsShownByItsType() {
        assertEquals("tailgate_detected", EventWords.describe(event("type", "tailgate_detected"), Names.NONE));
        assertEquals(EventWords.Tone.PLAIN, EventWords.tone(event("type", "tailgate_detected")));
    }

    @Test
    void theRulesOfAHighSecurityRoomInWords() {
        assertEquals("Operator One (P-001) badged; two-person rule: waiting for a second person's badge until 09:00:30",
                EventWords.describe(event("type", "second_person_pending", "personId", "P-001",
                        "until", "2026-11-23T09:00:30.000+07:00"), NAMES));
        assertEquals("BREAK-GLASS: door released for 300 s by P-004 and Operator One (P-001): \"Fire brigade\"",
                EventWords.describe(event("type", "access_granted", "direction", "in", "via", "remote",
                        "operatorIds", List.of("P-004", "P-001"), "reason", "Fire brigade", "seconds", 300), NAMES));
        assertEquals("remote clear of P-003 by Operator One (P-001) accepted: \"Left by the fire exit\"",
                EventWords.describe(event("type", "command_accepted", "cmd", "clear", "personId", "P-003",
                        "operatorId", "P-001", "reason", "Left by the fire exit"), NAMES));
    }
}
