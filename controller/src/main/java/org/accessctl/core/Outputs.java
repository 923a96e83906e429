package org.accessctl.core;

/** What the door's outputs should show now. The GPIO adapter drives pins to match. */
public record Outputs(boolean strikeReleased, boolean greenLed, boolean redLed, boolean buzzer) {

    /** Everything off and the strike locked: the state at start, on shutdown and on a fault. */
    public static final Outputs SECURE = new Outputs(false, false, false, false);
}
