package org.accessctl.sim.broker;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** The fixed header's variable-length size field: seven bits a byte, at most four bytes. */
final class RemainingLength {
    static final int MAX = 268_435_455;

    static int read(InputStream in) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside a fixed header");
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new ProtocolViolationException("remaining length longer than four bytes");
    }

    static void write(ByteArrayOutputStream out, int length) {
        if (length < 0 || length > MAX) {
            throw new IllegalArgumentException("remaining length " + length);
        }
        do {
            int digit = length & 0x7F;
            length >>>= 7;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
    }

    private RemainingLength() {
    }
}
