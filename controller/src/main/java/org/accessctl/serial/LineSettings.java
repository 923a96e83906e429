package org.accessctl.serial;

import com.sun.jna.Memory;
import java.io.IOException;

/**
 * A serial line's settings ({@code struct termios}) as bytes, to notice when someone else changed
 * them and put them back. A getty starting on the reader's port, or {@code stty sane} on it,
 * switches the line to canonical mode: the kernel then holds every byte until a newline that an
 * RDM6300 never sends, and reads stop without an error.
 */
final class LineSettings {

    /** Far larger than any libc's {@code struct termios} (60 bytes on Linux); the rest stays zero. */
    private static final int SIZE = 256;
    /** {@code c_lflag} in Linux's {@code struct termios}, after c_iflag, c_oflag and c_cflag. */
    static final int LFLAG_OFFSET = 12;
    static final int ICANON = 0x2;
    static final int ECHO = 0x8;

    private LineSettings() {
    }

    static byte[] read(int fd) throws IOException {
        try (Memory termios = new Memory(SIZE)) {
            termios.clear();
            if (LibC.INSTANCE.tcgetattr(fd, termios) != 0) {
                throw new IOException("cannot read the line settings: " + LibC.lastError());
            }
            return termios.getByteArray(0, SIZE);
        }
    }

    static void write(int fd, byte[] settings) throws IOException {
        try (Memory termios = new Memory(SIZE)) {
            termios.write(0, settings, 0, SIZE);
            if (LibC.INSTANCE.tcsetattr(fd, LibC.TCSANOW, termios) != 0) {
                throw new IOException("cannot set the line settings: " + LibC.lastError());
            }
        }
    }

    /** Whether these settings hold input back until a newline (canonical mode). */
    static boolean canonical(byte[] settings) {
        int lflag = (settings[LFLAG_OFFSET] & 0xff) | (settings[LFLAG_OFFSET + 1] & 0xff) << 8;
        if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
            lflag = (settings[LFLAG_OFFSET + 3] & 0xff) | (settings[LFLAG_OFFSET + 2] & 0xff) << 8;
        }
        return (lflag & ICANON) != 0;
    }
}
