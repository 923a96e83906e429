package org.accessctl.serial;

import static org.accessctl.serial.FrameBytes.CR;
import static org.accessctl.serial.FrameBytes.ETX;
import static org.accessctl.serial.FrameBytes.LF;
import static org.accessctl.serial.FrameBytes.STX;
import static org.accessctl.serial.FrameBytes.UID_DIGITS;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Objects;

/** Builds the frame a reader of a given format sends for a badge: what a simulated tap emits. */
public final class FrameEncoder {

    private FrameEncoder() {
    }

    /**
     * One valid frame carrying {@code uid}.
     *
     * @throws IllegalArgumentException if the format cannot carry {@code uid}: {@code rdm6300}
     *     and {@code id12} need exactly ten hex digits; {@code line} needs printable ASCII that
     *     is not blank and fits in a line
     */
    public static byte[] encode(BadgeFormat format, String uid) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(uid, "uid");
        return switch (format) {
            case RDM6300 -> stxFrame(uid, ETX);
            case ID12 -> stxFrame(uid, CR, LF, ETX);
            case LINE -> line(uid);
        };
    }

    private static byte[] stxFrame(String uid, int... trailer) {
        int[] nibbles = hexNibbles(uid);
        int checksum = FrameBytes.xorOfBytes(nibbles, UID_DIGITS / 2);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(STX);
        for (int nibble : nibbles) {
            frame.write(FrameBytes.upperHexDigit(nibble));
        }
        frame.write(FrameBytes.upperHexDigit(checksum >> 4));
        frame.write(FrameBytes.upperHexDigit(checksum & 0xF));
        for (int b : trailer) {
            frame.write(b);
        }
        return frame.toByteArray();
    }

    private static int[] hexNibbles(String uid) {
        if (uid.length() != UID_DIGITS) {
            throw new IllegalArgumentException("badge UID must be " + UID_DIGITS
                    + " hex digits, got " + uid.length() + " characters: \"" + uid + "\"");
        }
        int[] nibbles = new int[UID_DIGITS];
        for (int i = 0; i < UID_DIGITS; i++) {
            nibbles[i] = FrameBytes.hexValue(uid.charAt(i));
            if (nibbles[i] < 0) {
                throw new IllegalArgumentException("badge UID must be hex digits only, got '"
                        + uid.charAt(i) + "' at position " + i + " of \"" + uid + "\"");
            }
        }
        return nibbles;
    }

    private static byte[] line(String uid) {
        for (int i = 0; i < uid.length(); i++) {
            if (!FrameBytes.isPrintable(uid.charAt(i))) {
                throw new IllegalArgumentException("badge UID for a line reader must be printable"
                        + " ASCII, got code " + (int) uid.charAt(i) + " at position " + i);
            }
        }
        if (uid.isBlank()) {
            throw new IllegalArgumentException("badge UID for a line reader must not be blank");
        }
        if (uid.length() > LineDecoder.MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("badge UID for a line reader must be at most "
                    + LineDecoder.MAX_LINE_LENGTH + " characters, got " + uid.length());
        }
        String text = uid.toUpperCase(Locale.ROOT) + "\r\n";
        byte[] frame = new byte[text.length()];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) text.charAt(i);
        }
        return frame;
    }
}
