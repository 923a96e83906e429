package org.accessctl.bench;

import java.io.FileInputStream;
import java.io.IOException;
import org.accessctl.serial.PseudoTerminal;

/**
 * The floor of a tap under load: a thread of its own blocked in read(2) on a pseudo-terminal, at
 * the badge path's priority, and nothing else. A frame written to it is timed from before the
 * write to the read's return: the kernel's share of a tap (its tty worker, waking the reader),
 * which no code of the door can shorten. Measured beside the door's taps, in the same JVM and
 * under the same load.
 */
final class BareSerialRead implements AutoCloseable {

    private final PseudoTerminal line;
    private final FileInputStream in;
    private final Thread reader;
    private long reads;
    private long lastReadAt;

    private BareSerialRead(PseudoTerminal line) throws IOException {
        this.line = line;
        this.in = new FileInputStream(line.slavePath());
        this.reader = new Thread(this::readUntilClosed, "bare-serial-read");
        reader.setDaemon(true);
        reader.start();
    }

    static BareSerialRead open() throws IOException {
        return new BareSerialRead(PseudoTerminal.open());
    }

    /** Writes {@code frame}; nanoseconds from before the write until the reader had bytes, or -1. */
    long tap(byte[] frame, long timeoutMillis) throws IOException, InterruptedException {
        long since;
        synchronized (this) {
            since = reads;
        }
        long writing = System.nanoTime(); // before the write, as the door's taps are timed
        line.write(frame);
        long deadline = writing + timeoutMillis * 1_000_000L;
        synchronized (this) {
            while (reads == since) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                wait(Math.max(1, left / 1_000_000L));
            }
            return lastReadAt - writing;
        }
    }

    private void readUntilClosed() {
        org.accessctl.threads.Scheduling.badgePath(); // as the door's own readers run
        byte[] buffer = new byte[256];
        try {
            while (true) {
                int n = in.read(buffer);
                long at = System.nanoTime();
                if (n < 0) {
                    return;
                }
                synchronized (this) {
                    reads++;
                    lastReadAt = at;
                    notifyAll();
                }
            }
        } catch (IOException closed) {
            // the benchmark is over
        }
    }

    @Override
    public void close() {
        line.close();
        try {
            in.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
