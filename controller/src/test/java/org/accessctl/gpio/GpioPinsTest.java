package org.accessctl.gpio;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GpioPinsTest {

    @Test
    void defaultsMatchTheContract() {
        GpioPins pins = GpioPins.defaults();
        assertEquals(17, pins.relayPin());
        assertTrue(pins.relayActiveHigh());
        assertEquals(27, pins.doorPin());
        assertTrue(pins.doorOpenHigh());
        assertEquals(22, pins.rexPin());
        assertEquals(23, pins.buzzerPin());
        assertEquals(24, pins.greenPin());
        assertEquals(25, pins.redPin());
        assertEquals(Duration.ofMillis(50), pins.rexDebounce());
    }

    @Test
    void relayAndContactLevelsFollowTheirPolarity() {
        GpioPins activeLow = new GpioPins(17, false, 27, false, 22, 23, 24, 25, Duration.ZERO);
        assertTrue(activeLow.relayHighWhen(false));
        assertFalse(activeLow.relayHighWhen(true));
        assertTrue(activeLow.doorOpenWhen(false));
        assertFalse(activeLow.doorContactHighWhen(true));
        assertTrue(GpioPins.defaults().relayHighWhen(true));
        assertTrue(GpioPins.defaults().doorOpenWhen(true));
    }

    @Test
    void aPinUsedTwiceIsRefusedWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GpioPins(17, true, 17, true, 22, 23, 24, 25, Duration.ZERO));
        assertTrue(e.getMessage().contains("17"), e.getMessage());
    }

    @Test
    void negativeDebounceIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new GpioPins(17, true, 27, true, 22, 23, 24, 25, Duration.ofMillis(-1)));
    }
}
