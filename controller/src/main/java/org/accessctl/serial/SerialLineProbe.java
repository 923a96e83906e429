package org.accessctl.serial;

import com.sun.jna.Memory;
import java.io.IOException;
import java.util.Map;

/**
 * What a serial line is set to right now, in words, for {@code doctor}. Opening the line this way
 * (non-blocking, not as a controlling terminal) changes nothing on it and does not disturb a door
 * that is reading it.
 */
public final class SerialLineProbe {

    /** {@code c_cflag} follows c_iflag and c_oflag in Linux's {@code struct termios}. */
    private static final int CFLAG_OFFSET = 8;
    private static final int CBAUD = 0x100f;
    private static final int CSIZE = 0x30;
    private static final int CSTOPB = 0x40;
    private static final int PARENB = 0x100;
    private static final Map<Integer, Integer> SPEEDS = Map.of(0x9, 1200, 0xb, 2400, 0xc, 4800, 0xd, 9600,
            0xe, 19200, 0xf, 38400, 0x1001, 57600, 0x1002, 115200, 0x1003, 230400);

    private SerialLineProbe() {
    }

    /** For example {@code 9600 baud 8N1, raw}. */
    public static String describe(String path) throws IOException {
        int fd = LibC.INSTANCE.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("cannot open " + path + ": " + LibC.lastError());
        }
        try {
            byte[] settings = LineSettings.read(fd);
            try (Memory m = new Memory(settings.length)) {
                m.write(0, settings, 0, settings.length);
                int cflag = m.getInt(CFLAG_OFFSET);
                Integer baud = SPEEDS.get(cflag & CBAUD);
                int bits = 5 + ((cflag & CSIZE) >> 4);
                return (baud == null ? "an unusual speed" : baud + " baud") + " " + bits
                        + ((cflag & PARENB) != 0 ? "E" : "N") + ((cflag & CSTOPB) != 0 ? "2" : "1")
                        + (LineSettings.canonical(settings) ? ", canonical (line by line, as a console uses it)" : ", raw");
            }
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
