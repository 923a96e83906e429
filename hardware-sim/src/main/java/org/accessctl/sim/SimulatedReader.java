package org.accessctl.sim;

import java.io.IOException;
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
        return frame;
    }

    /** Writes bytes exactly as given: noise, broken frames, anything. */
    public void raw(byte[] bytes) throws IOException {
        line.write(bytes);
    }

    @Override
    public void close() {
        line.close();
    }
}
