package org.accessctl.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The timings and identity the core decides with, already validated by the configuration.
 *
 * @param strikeTime how long a grant keeps the strike released if the door is not opened
 * @param heldOpenTime door open longer than this after a grant raises {@code door_held_open}
 * @param escortWindow visitor and escort badges must both be read within this
 * @param denialSignal how long the red LED and buzzer signal a denial
 */
public record DoorSettings(String siteId, String doorId, Duration strikeTime, Duration heldOpenTime,
                           Duration escortWindow, Duration denialSignal) {

    public DoorSettings {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(doorId, "doorId");
        Objects.requireNonNull(strikeTime, "strikeTime");
        Objects.requireNonNull(heldOpenTime, "heldOpenTime");
        Objects.requireNonNull(escortWindow, "escortWindow");
        Objects.requireNonNull(denialSignal, "denialSignal");
    }

    /** The contract's defaults, for tests and tools. */
    public static DoorSettings defaults(String siteId, String doorId) {
        return new DoorSettings(siteId, doorId, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }
}
