package org.accessctl.serial;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A Linux pseudo-terminal standing in for a serial line: whatever is written here arrives at
 * {@link #slavePath()} as if a badge reader had sent it. The simulator gives each simulated
 * reader one, and the controller opens the slave path like any other serial port.
 *
 * <p>The slave side is put in raw mode so bytes pass unchanged (no echo, no CR to LF, no line
 * buffering). This object keeps its own descriptor of the slave open for its whole life: a
 * pseudo-terminal hangs up when the last descriptor of its slave closes, and the line must
 * survive the controller closing and reopening the port, just as a cable would.
 */
public final class PseudoTerminal implements AutoCloseable {

    /** Far larger than any libc's {@code struct termios} (60 bytes on Linux). */
    private static final int TERMIOS_SIZE = 256;
    private static final int PATH_SIZE = 128;
    /** How long a write waits for the reading side to make room before giving up. */
    private static final int WRITE_TIMEOUT_MILLIS = 2000;

    private static final LibC LIBC = LibC.INSTANCE;

    private final int master;
    private final int slave;
    private final String slavePath;
    private boolean closed;

    private PseudoTerminal(int master, int slave, String slavePath) {
        this.master = master;
        this.slave = slave;
        this.slavePath = slavePath;
    }

    /** Creates a pseudo-terminal whose slave is in raw mode. */
    public static PseudoTerminal open() throws IOException {
        // Non-blocking so that a write into a full line can time out instead of hanging forever.
        int master = LIBC.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (master < 0) {
            throw new IOException("cannot create a pseudo-terminal: " + LibC.lastError());
        }
        int slave = -1;
        try {
            if (LIBC.grantpt(master) != 0) {
                throw new IOException("grantpt failed: " + LibC.lastError());
            }
            if (LIBC.unlockpt(master) != 0) {
                throw new IOException("unlockpt failed: " + LibC.lastError());
            }
            String path = slavePathOf(master);
            slave = LIBC.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC, 0);
            if (slave < 0) {
                throw new IOException("cannot open " + path + ": " + LibC.lastError());
            }
            makeRaw(slave, path);
            return new PseudoTerminal(master, slave, path);
        } catch (IOException | RuntimeException e) {
            if (slave >= 0) {
                LIBC.close(slave);
            }
            LIBC.close(master);
            throw e;
        }
    }

    private static String slavePathOf(int master) throws IOException {
        byte[] buf = new byte[PATH_SIZE];
        int error = LIBC.ptsname_r(master, buf, new NativeLong(buf.length));
        if (error != 0) {
            throw new IOException("ptsname_r failed: " + LIBC.strerror(error));
        }
        int length = 0;
        while (length < buf.length && buf[length] != 0) {
            length++;
        }
        return new String(buf, 0, length, StandardCharsets.US_ASCII);
    }

    private static void makeRaw(int fd, String path) throws IOException {
        try (Memory termios = new Memory(TERMIOS_SIZE)) {
            termios.clear();
            if (LIBC.tcgetattr(fd, termios) != 0) {
                throw new IOException("tcgetattr on " + path + " failed: " + LibC.lastError());
            }
            LIBC.cfmakeraw(termios);
            if (LIBC.tcsetattr(fd, LibC.TCSANOW, termios) != 0) {
                throw new IOException("tcsetattr on " + path + " failed: " + LibC.lastError());
            }
        }
    }

    /** The device path a serial port client opens, for example {@code /dev/pts/3}. */
    public String slavePath() {
        return slavePath;
    }

    /**
     * Sends all of {@code bytes} down the line. Blocks only while the line's buffer is full, and
     * fails if nobody drains it for a while rather than hanging the caller.
     */
    public synchronized void write(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("pseudo-terminal " + slavePath + " is closed");
        }
        if (bytes.length == 0) {
            return;
        }
        try (Memory buffer = new Memory(bytes.length)) {
            buffer.write(0, bytes, 0, bytes.length);
            long deadline = System.nanoTime() + WRITE_TIMEOUT_MILLIS * 1_000_000L;
            int written = 0;
            while (written < bytes.length) {
                long n = LIBC.write(master, buffer.share(written),
                        new NativeLong(bytes.length - written)).longValue();
                if (n > 0) {
                    written += (int) n;
                } else if (n == 0 || Native.getLastError() == LibC.EAGAIN) {
                    awaitRoom(deadline);
                } else if (Native.getLastError() != LibC.EINTR) {
                    throw new IOException("cannot write to " + slavePath + ": " + LibC.lastError());
                }
            }
        }
    }

    private void awaitRoom(long deadline) throws IOException {
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000L;
        if (remainingMillis <= 0) {
            throw new IOException("nobody is reading " + slavePath + " and its buffer is full");
        }
        PollFds fds = new PollFds(1);
        fds.set(0, master, LibC.POLLOUT);
        fds.poll((int) remainingMillis);
    }

    /** Closes both sides; a reader with the slave open sees the line hang up. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIBC.close(slave);
        LIBC.close(master);
    }
}
