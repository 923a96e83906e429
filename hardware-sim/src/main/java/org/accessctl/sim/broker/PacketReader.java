package org.accessctl.sim.broker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Frames packets off a client's stream. The size is checked before the body is read so a hostile
 * length cannot make the broker allocate or wait for more than the limit.
 */
final class PacketReader {
    private final InputStream in;
    private final int maxPacketSize;

    PacketReader(InputStream in, int maxPacketSize) {
        this.in = in;
        this.maxPacketSize = maxPacketSize;
    }

    /** The next packet, or null when the client closed the connection between packets. */
    RawPacket read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = RemainingLength.read(in);
        if (length > maxPacketSize) {
            throw new ProtocolViolationException(PacketType.name(first >> 4) + " of " + length
                    + " bytes is over the limit of " + maxPacketSize);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("connection closed inside a " + PacketType.name(first >> 4));
        }
        return new RawPacket(first, body);
    }
}
