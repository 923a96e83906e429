package org.accessctl.serial;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader thread's only way of waiting: until its serial line has bytes, until a pause is
 * over, or until {@link #stop()} is called from another thread, whichever comes first.
 *
 * <p>Closing a descriptor does not wake a thread blocked in poll(2) on it (and the number could
 * be reused under it), so stopping goes through a pipe that every wait also watches. Once
 * stopped, every wait returns at once.
 */
final class StoppableWait implements AutoCloseable {

    /** What ended a wait for the line. */
    enum Outcome { READABLE, HUNG_UP, STOPPED, TIMED_OUT }

    private static final LibC LIBC = LibC.INSTANCE;
    private static final short FAILED = (short) (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL);

    private final int stopReadEnd;
    private final int stopWriteEnd;
    private final PollFds lineAndStop = new PollFds(2);
    private final PollFds stopOnly = new PollFds(1);
    private volatile boolean stopped;
    private boolean closed;

    StoppableWait() throws IOException {
        int[] pipe = new int[2];
        if (LIBC.pipe2(pipe, LibC.O_CLOEXEC | LibC.O_NONBLOCK) != 0) {
            throw new IOException("cannot create a pipe: " + LibC.lastError());
        }
        stopReadEnd = pipe[0];
        stopWriteEnd = pipe[1];
    }

    /** Waits for {@code fd} to have bytes to read; only the thread that owns the line calls it. */
    Outcome awaitReadable(int fd, int timeoutMillis) throws IOException {
        if (stopped) {
            return Outcome.STOPPED;
        }
        lineAndStop.set(0, fd, LibC.POLLIN);
        lineAndStop.set(1, stopReadEnd, LibC.POLLIN);
        if (lineAndStop.poll(timeoutMillis) == 0) {
            return stopped ? Outcome.STOPPED : Outcome.TIMED_OUT;
        }
        if (lineAndStop.revents(1) != 0 || stopped) {
            return Outcome.STOPPED;
        }
        // A hung-up tty also reports POLLIN; the hang-up is what matters.
        short line = lineAndStop.revents(0);
        if ((line & FAILED) != 0) {
            return Outcome.HUNG_UP;
        }
        return (line & LibC.POLLIN) != 0 ? Outcome.READABLE : Outcome.TIMED_OUT;
    }

    /** Sleeps for {@code millis}; false if stopped first. */
    boolean pause(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (!stopped) {
            long remainingNanos = deadline - System.nanoTime();
            if (remainingNanos <= 0) {
                return true;
            }
            stopOnly.set(0, stopReadEnd, LibC.POLLIN);
            try {
                stopOnly.poll((int) Math.min(remainingNanos / 1_000_000L + 1, Integer.MAX_VALUE));
            } catch (IOException e) {
                // Cannot happen with a valid pipe; if it does, still pause rather than spin.
                LockSupport.parkNanos(remainingNanos);
            }
        }
        return false;
    }

    boolean isStopped() {
        return stopped;
    }

    /** Ends the current wait and every later one. Any thread; any number of times. */
    synchronized void stop() {
        stopped = true;
        if (!closed) {
            // The byte stays in the pipe, which keeps every later poll returning at once.
            try (Memory one = new Memory(1)) {
                one.setByte(0, (byte) 1);
                LIBC.write(stopWriteEnd, one, new NativeLong(1));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LIBC.close(stopReadEnd);
            LIBC.close(stopWriteEnd);
        }
    }
}
