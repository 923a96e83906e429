package org.accessctl.core;

/** Which badge reader a read came from: the one outside the door, or the one inside. */
public enum ReaderSide {
    ENTRY("in"),
    EXIT("out");

    private final String direction;

    ReaderSide(String direction) {
        this.direction = direction;
    }

    /** The {@code direction} field of events: {@code in} or {@code out}. */
    public String direction() {
        return direction;
    }
}
