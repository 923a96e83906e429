package org.accessctl.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The timings and identity the core decides with, already validated by the configuration.
 *
 * @param strikeTime how long a grant keeps the strike released if the door is not opened
 * @param heldOpenTime door open longer than this after a grant raises {@code door_held_open}
 * @param escortWindow visitor and escort badges must both be read within this
 * @param denialSignal how long the red LED and buzzer signal a denial
 * @param contactDebounce a door-contact change counts once it has stayed this long
 * @param clockFloor the earliest time the clock can truly show (the program's build time): a
 *     clock behind it has not been set, as on a Pi without a real-time clock or network time,
 *     and no decision that depends on a visit's time window is trusted
 */
public record DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                           Duration escortWindow, Duration denialSignal, Instant clockFloor,
                           Duration contactDebounce) {

    public DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                        Duration escortWindow, Duration denialSignal) {
        this(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, Instant.EPOCH, Duration.ZERO);
    }

    public DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                        Duration escortWindow, Duration denialSignal, Instant clockFloor) {
        this(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor, Duration.ZERO);
    }

    public DoorSettings {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(strikeTime, "strikeTime");
        Objects.requireNonNull(heldOpenTime, "heldOpenTime");
        Objects.requireNonNull(escortWindow, "escortWindow");
        Objects.requireNonNull(denialSignal, "denialSignal");
        Objects.requireNonNull(clockFloor, "clockFloor");
        Objects.requireNonNull(contactDebounce, "contactDebounce");
    }

    public DoorSettings withClockFloor(Instant floor) {
        return new DoorSettings(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, floor,
                contactDebounce);
    }

    public DoorSettings withContactDebounce(Duration debounce) {
        return new DoorSettings(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor,
                debounce);
    }

    /** The contract's defaults, for tests and tools; the contact is not debounced. */
    public static DoorSettings defaults(String siteId, String doorId) {
        return new DoorSettings(siteId, doorId, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }
}
