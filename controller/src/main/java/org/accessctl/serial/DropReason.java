package org.accessctl.serial;

/** Why a decoder dropped a frame instead of turning it into a badge read. */
public enum DropReason {
    /** The frame was well formed but its checksum does not match the badge number. */
    BAD_CHECKSUM("bad checksum"),
    /** Too few or too many hex digits before the frame's end. */
    WRONG_LENGTH("wrong length"),
    /** A byte that has no business inside a frame. */
    STRAY_BYTE("stray byte"),
    /** A frame was cut short: a new one started, or the line was lost, before its end. */
    MISSING_END("missing end"),
    /** Bytes outside any frame; one run of them counts once. */
    NOISE("noise between frames"),
    /** A {@code line} reader sent a control or non-ASCII byte. */
    NON_PRINTABLE("non-printable byte in line"),
    /** A {@code line} reader sent more than any badge number needs. */
    TOO_LONG("line too long");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
