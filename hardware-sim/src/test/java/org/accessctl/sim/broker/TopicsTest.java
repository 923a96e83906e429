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
class TopicsTest {

    @Test
    void wildcardsMatchLevels() {
        assertTrue(Topics.matches("sport/tennis/+", "sport/tennis/player1"));
        assertFalse(Topics.matches("sport/tennis/+", "sport/tennis/player1/ranking"));
        assertTrue(Topics.matches("sport/#", "sport"));
        assertTrue(Topics.matches("sport/#", "sport/tennis/player1"));
        assertTrue(Topics.matches("#", "sport/tennis"));
        assertTrue(Topics.matches("+/+", "/finance"));
        assertTrue(Topics.matches("/+", "/finance"));
        assertFalse(Topics.matches("+", "/finance"));
        assertTrue(Topics.matches("sport/+/player1", "sport//player1"));
        assertFalse(Topics.matches("sport", "sport/"));
        assertTrue(Topics.matches("sport/+", "sport/"));
    }

    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
        assertFalse(Topics.matches("#", "$SYS/broker/uptime"));
        assertFalse(Topics.matches("+/broker/uptime", "$SYS/broker/uptime"));
        assertTrue(Topics.matches("$SYS/#", "$SYS/broker/uptime"));
        assertTrue(Topics.matches("$SYS/+/uptime", "$SYS/broker/uptime"));
    }

    @Test
    void filterAndNameValidity() {
        assertTrue(Topics.isValidFilter("a/+/b/#"));
        assertTrue(Topics.isValidFilter("+"));
        assertFalse(Topics.isValidFilter(""));
        assertFalse(Topics.isValidFilter("a/#/b"));
        assertFalse(Topics.isValidFilter("a#"));
        assertFalse(Topics.isValidFilter("a/b+"));
        assertTrue(Topics.isValidName("a/b"));
        assertFalse(Topics.isValidName("a/+"));
        assertFalse(Topics.isValidName(""));
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
