package org.accessctl.serial;

/** The bytes and arithmetic the STX/ETX badge formats share on the wire. */
final class FrameBytes {

    static final int STX = 0x02;
    static final int ETX = 0x03;
    static final int LF = 0x0A;
    static final int CR = 0x0D;

    /** Hex digits of the badge number in an {@code rdm6300} or {@code id12} frame. */
    static final int UID_DIGITS = 10;
    /** Hex digits of the checksum that follows the badge number. */
    static final int CHECKSUM_DIGITS = 2;

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private FrameBytes() {
    }

    /** The value of an ASCII hex digit of either case, or -1 if the byte is not one. */
    static int hexValue(int b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    static char upperHexDigit(int nibble) {
        return UPPER_HEX[nibble];
    }

    /** Printable ASCII, space included. */
    static boolean isPrintable(int b) {
        return b >= 0x20 && b <= 0x7E;
    }

    /** XOR of the bytes spelled by the first {@code 2 * byteCount} nibbles. */
    static int xorOfBytes(int[] nibbles, int byteCount) {
        int xor = 0;
        for (int i = 0; i < byteCount; i++) {
            xor ^= (nibbles[2 * i] << 4) | nibbles[2 * i + 1];
        }
        return xor;
    }
}
