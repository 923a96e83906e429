package org.accessctl.serial;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds test byte streams out of control bytes, ASCII text and other streams. */
final class Bytes {

    static final int STX = 0x02;
    static final int ETX = 0x03;
    static final int LF = 0x0A;
    static final int CR = 0x0D;

    private Bytes() {
    }

    /** Concatenates the parts: an Integer is one byte, a String its ASCII, a byte[] itself. */
    static byte[] of(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer b) {
                out.write(b);
            } else if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
            } else if (part instanceof byte[] bytes) {
                out.writeBytes(bytes);
            } else {
                throw new IllegalArgumentException("cannot make bytes of " + part);
            }
        }
        return out.toByteArray();
    }
}
