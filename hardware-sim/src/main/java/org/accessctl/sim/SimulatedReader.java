package org.accessctl.sim;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.accessctl.serial.BadgeFormat;
import org.accessctl.serial.FrameEncoder;
import org.accessctl.serial.PseudoTerminal;

/**
 * A badge reader's serial line: a pseudo-terminal whose other end the controller's real jssc
 * reader opens. A tap writes one valid frame of the reader's format, as the module would.
 */
public final class SimulatedReader implements AutoCloseable {

    private final String name;
    private final BadgeFormat format;
    private final PseudoTerminal line;
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong rawWrites = new AtomicLong();

    private SimulatedReader(String name, BadgeFormat format, PseudoTerminal line) {
        this.name = name;
        this.format = format;
        this.line = line;
    }

    public static SimulatedReader open(String name, BadgeFormat format) throws IOException {
        return new SimulatedReader(name, format, PseudoTerminal.open());
    }

    public String name() {
        return name;
    }

    /** The device the controller reads, e.g. {@code /dev/pts/3}. */
    public String devicePath() {
        return line.slavePath();
    }

    /** Writes one valid frame for {@code uid}; the UID is checked against the format first. */
    public byte[] tap(String uid) throws IOException {
        byte[] frame = FrameEncoder.encode(format, uid);
        line.write(frame);
        frames.incrementAndGet();
        return frame;
    }

    /** Writes bytes exactly as given: noise, broken frames, anything. */
    public void raw(byte[] bytes) throws IOException {
        line.write(bytes);
        rawWrites.incrementAndGet();
    }

    public BadgeFormat format() {
        return format;
    }

    /** Valid frames written by taps. */
    public long framesWritten() {
        return frames.get();
    }

    /** Writes of raw bytes (noise, broken frames). */
    public long rawWrites() {
        return rawWrites.get();
    }

    @Override
    public void close() {
        line.close();
    }
}
