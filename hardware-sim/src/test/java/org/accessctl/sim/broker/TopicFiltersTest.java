package org.accessctl.sim.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The topic rules of MQTT 3.1.1 section 4.7, and the wire details tests through Paho cannot reach. */
class TopicFiltersTest {

    @Test
    void wildcardsMatchLevels() {
        assertTrue(TopicFilters.matches("sport/tennis/+", "sport/tennis/player1"));
        assertFalse(TopicFilters.matches("sport/tennis/+", "sport/tennis/player1/ranking"));
        assertTrue(TopicFilters.matches("sport/#", "sport"));
        assertTrue(TopicFilters.matches("sport/#", "sport/tennis/player1"));
        assertTrue(TopicFilters.matches("#", "sport/tennis"));
        assertTrue(TopicFilters.matches("+/+", "/finance"));
        assertTrue(TopicFilters.matches("/+", "/finance"));
        assertFalse(TopicFilters.matches("+", "/finance"));
        assertTrue(TopicFilters.matches("sport/+/player1", "sport//player1"));
        assertFalse(TopicFilters.matches("sport", "sport/"));
        assertTrue(TopicFilters.matches("sport/+", "sport/"));
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
        assertFalse(TopicFilters.matches("#", "$SYS/broker/uptime"));
        assertFalse(TopicFilters.matches("+/broker/uptime", "$SYS/broker/uptime"));
        assertTrue(TopicFilters.matches("$SYS/#", "$SYS/broker/uptime"));
        assertTrue(TopicFilters.matches("$SYS/+/uptime", "$SYS/broker/uptime"));
    }

    @Test
    void filterAndNameValidity() {
        assertTrue(TopicFilters.isValidFilter("a/+/b/#"));
        assertTrue(TopicFilters.isValidFilter("+"));
        assertFalse(TopicFilters.isValidFilter(""));
        assertFalse(TopicFilters.isValidFilter("a/#/b"));
        assertFalse(TopicFilters.isValidFilter("a#"));
        assertFalse(TopicFilters.isValidFilter("a/b+"));
        assertTrue(TopicFilters.isValidName("a/b"));
        assertFalse(TopicFilters.isValidName("a/+"));
        assertFalse(TopicFilters.isValidName(""));
    }

    @Test
    void remainingLengthRoundTripsAtTheEncodingBoundaries() throws Exception {
        for (int length : new int[] {0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, RemainingLength.MAX}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RemainingLength.write(out, length);
            assertEquals(length, RemainingLength.read(new ByteArrayInputStream(out.toByteArray())));
        }
        assertThrows(ProtocolViolationException.class,
                () -> RemainingLength.read(new ByteArrayInputStream(new byte[] {-1, -1, -1, -1, 1})));
    }

    @Test
    void stringsMustBeWellFormedUtf8WithoutNul() throws Exception {
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThrows(ProtocolViolationException.class, () -> MqttUtf8.decode(surrogate, 0, 3, "topic"));
        assertThrows(ProtocolViolationException.class, () -> MqttUtf8.decode(new byte[] {'a', 0}, 0, 2, "topic"));
        byte[] umlaut = "tür".getBytes(StandardCharsets.UTF_8);
        assertEquals("tür", MqttUtf8.decode(umlaut, 0, umlaut.length, "topic"));
    }
}
