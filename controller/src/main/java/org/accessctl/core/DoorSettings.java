package org.accessctl.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The timings and identity the core decides with, already validated by the configuration.
 *
 * @param strikeTime how long a grant keeps the strike released if the door is not opened
 * @param heldOpenTime door open longer than this after a grant raises {@code door_held_open}
 * @param escortWindow visitor and escort badges must both be read within this; so must the two
 *     persons who open an empty room under the two-person rule
 * @param denialSignal how long the red LED and buzzer signal a denial
 * @param contactDebounce a door-contact change counts once it has stayed this long
 * @param clockFloor the earliest time the clock can truly show (the program's build time): a
 *     clock behind it has not been set, as on a Pi without a real-time clock or network time,
 *     and no decision that depends on a visit's time window is trusted
 * @param twoPersonRule nobody is ever alone inside: an empty room opens only for two persons who
 *     badge within {@code escortWindow}, and one person left inside is {@code lone_occupant}
 * @param antiPassback what a staff badge read at the entry reader while its holder is inside does
 */
public record DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                           Duration escortWindow, Duration denialSignal, Instant clockFloor,
                           Duration contactDebounce, boolean twoPersonRule, AntiPassback antiPassback) {

    public DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                        Duration escortWindow, Duration denialSignal) {
        this(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, Instant.EPOCH, Duration.ZERO);
    }

    public DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                        Duration escortWindow, Duration denialSignal, Instant clockFloor) {
        this(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor, Duration.ZERO);
    }

    public DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                        Duration escortWindow, Duration denialSignal, Instant clockFloor, Duration contactDebounce) {
        this(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor, contactDebounce,
                false, AntiPassback.SOFT);
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
        Objects.requireNonNull(antiPassback, "antiPassback");
    }

    public DoorSettings withClockFloor(Instant floor) {
        return new DoorSettings(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, floor,
                contactDebounce, twoPersonRule, antiPassback);
    }

    public DoorSettings withContactDebounce(Duration debounce) {
        return new DoorSettings(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor,
                debounce, twoPersonRule, antiPassback);
    }

    public DoorSettings withTwoPersonRule(boolean on) {
        return new DoorSettings(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor,
                contactDebounce, on, antiPassback);
    }

    public DoorSettings withAntiPassback(AntiPassback mode) {
        return new DoorSettings(siteId, doorId, strikeTime, heldOpenTime, escortWindow, denialSignal, clockFloor,
                contactDebounce, twoPersonRule, mode);
    }

    /** The contract's defaults, for tests and tools; the contact is not debounced. */
    public static DoorSettings defaults(String siteId, String doorId) {
        return new DoorSettings(siteId, doorId, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }
}
