package org.accessctl.gpio;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where the door's hardware is wired, in BCM numbering, and how its levels read.
 *
 * @param relayPin the strike relay
 * @param relayActiveHigh true when a high level energises the relay (releases the strike)
 * @param doorPin the door contact (reed switch)
 * @param doorOpenHigh true when a high level on the contact means the door is open
 * @param rexPin the request-to-exit button, active low with a pull-up
 * @param buzzerPin the local buzzer, active high
 * @param greenPin the green LED, active high
 * @param redPin the red LED, active high
 * @param rexDebounce after an accepted exit-button press, edges within this time are bounce
 */
public record GpioPins(int relayPin, boolean relayActiveHigh, int doorPin, boolean doorOpenHigh,
                       int rexPin, int buzzerPin, int greenPin, int redPin, Duration rexDebounce) {

    public static final Duration DEFAULT_REX_DEBOUNCE = Duration.ofMillis(50);

    public GpioPins {
        Objects.requireNonNull(rexDebounce, "rexDebounce");
        if (rexDebounce.isNegative()) {
            throw new IllegalArgumentException("rexDebounce must not be negative: " + rexDebounce);
        }
        // Two roles on one pin would make the strike follow an LED or an input; refuse it here,
        // with the pin named, rather than through the GPIO library's terser complaint.
        int[] all = {relayPin, doorPin, rexPin, buzzerPin, greenPin, redPin};
        Set<Integer> seen = new HashSet<>();
        for (int pin : all) {
            if (pin < 0) {
                throw new IllegalArgumentException("GPIO pin numbers are not negative: " + pin);
            }
            if (!seen.add(pin)) {
                throw new IllegalArgumentException("GPIO pin " + pin + " is assigned twice");
            }
        }
    }

    /** The contract's wiring: relay 17 active high, door 27 open high, exit 22, buzzer 23, LEDs 24 and 25. */
    public static GpioPins defaults() {
        return new GpioPins(17, true, 27, true, 22, 23, 24, 25, DEFAULT_REX_DEBOUNCE);
    }

    /** The relay level that releases ({@code true}) or locks ({@code false}) the strike; true is high. */
    public boolean relayHighWhen(boolean strikeReleased) {
        return strikeReleased == relayActiveHigh;
    }

    /** Whether the door contact at this level means the door is open. */
    public boolean doorOpenWhen(boolean contactHigh) {
        return contactHigh == doorOpenHigh;
    }

    /** The contact level that means open ({@code true}) or closed ({@code false}); true is high. */
    public boolean doorContactHighWhen(boolean open) {
        return open == doorOpenHigh;
    }
}
