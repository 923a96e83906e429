package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * The broker's side of an MQTT 3.1.1 connection as the client should read it: every packet
 * passes unchanged, except a PUBLISH whose payload is larger than the limit. Of that one only
 * the topic and packet id are kept; the payload is skipped as it streams in, never held, and the
 * client gets a PUBLISH with the same flags, topic and packet id and the payload
 * {@link OversizeMessage#standIn}, so it acknowledges it as usual and the door can refuse it.
 * The stand-in's payload is passed on bit by bit while the payload is skipped, and completes
 * with it: the client sees bytes arriving throughout, as it would have.
 *
 * <p>Paho reads with a socket timeout and resumes after one: every read of the underlying
 * stream either moves the state on by what it returned or throws with nothing consumed, so a
 * timeout can come at any byte.
 */
final class OversizePublishFilter extends InputStream {

    private static final int PUBLISH = 3;
    private static final int MAX_LENGTH_BYTES = 4;

    private enum State {
        /** Reading a fixed header: the type and flags byte and the remaining length. */
        FIXED_HEADER,
        /** Reading the topic and packet id of a PUBLISH that may be too large. */
        VARIABLE_HEADER,
        /** Passing {@code left} bytes of the current packet through. */
        PASS,
        /** Skipping {@code left} bytes of an oversize payload, passing on the stand-in as it goes. */
        SKIP
    }

    private final InputStream in;
    private final int limit;
    private final byte[] fixedHeader = new byte[1 + MAX_LENGTH_BYTES];
    private final byte[] skipped = new byte[8192];
    private final byte[] one = new byte[1];
    private State state = State.FIXED_HEADER;
    private int fixedHeaderLength;
    private int remaining;
    private byte[] variableHeader;
    private int variableHeaderLength;
    private long left;
    private long payload;
    private byte[] standIn;
    private int standInSent;
    private byte[] out = new byte[0];
    private int outPosition;

    /** @param limit the largest payload passed on whole, in bytes */
    OversizePublishFilter(InputStream in, int limit) {
        this.in = Objects.requireNonNull(in);
        if (limit < 0) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (outPosition < out.length) {
                int n = Math.min(len, out.length - outPosition);
                System.arraycopy(out, outPosition, b, off, n);
                outPosition += n;
                return n;
            }
            switch (state) {
                case FIXED_HEADER -> {
                    int c = in.read();
                    if (c < 0) {
                        return -1;
                    }
                    fixedHeader[fixedHeaderLength++] = (byte) c;
                    if (fixedHeaderLength > 1 && (c & 0x80) == 0) {
                        headerRead();
                    } else if (fixedHeaderLength == fixedHeader.length) {
                        throw new IOException("malformed MQTT packet: remaining length longer than "
                                + MAX_LENGTH_BYTES + " bytes");
                    }
                }
                case VARIABLE_HEADER -> {
                    int n = in.read(variableHeader, variableHeaderLength, variableHeader.length - variableHeaderLength);
                    if (n < 0) {
                        return -1;
                    }
                    variableHeaderLength += n;
                    if (variableHeaderLength == variableHeader.length) {
                        variableHeaderRead();
                    }
                }
                case PASS -> {
                    if (left == 0) {
                        state = State.FIXED_HEADER;
                        continue;
                    }
                    int n = in.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
                case SKIP -> {
                    if (left == 0) {
                        state = State.FIXED_HEADER;
                        continue;
                    }
                    int n = in.read(skipped, 0, (int) Math.min(skipped.length, left));
                    if (n < 0) {
                        return -1;
                    }
                    left -= n;
                    // The stand-in in step with the skipping: all of it once the payload is gone.
                    int due = (int) ((payload - left) * standIn.length / payload);
                    if (due > standInSent) {
                        emit(Arrays.copyOfRange(standIn, standInSent, due));
                        standInSent = due;
                    }
                }
            }
        }
    }

    private void headerRead() throws IOException {
        remaining = 0;
        for (int i = fixedHeaderLength - 1; i >= 1; i--) {
            remaining = (remaining << 7) | (fixedHeader[i] & 0x7f);
        }
        int type = (fixedHeader[0] & 0xff) >>> 4;
        if (type == PUBLISH && remaining > limit) {
            // The topic's length comes first; the packet id, if any, is read once the topic is.
            variableHeader = new byte[2];
            variableHeaderLength = 0;
            state = State.VARIABLE_HEADER;
            return;
        }
        emit(Arrays.copyOf(fixedHeader, fixedHeaderLength));
        fixedHeaderLength = 0;
        left = remaining;
        state = State.PASS;
    }

    private void variableHeaderRead() throws IOException {
        if (variableHeader.length == 2) {
            int qos = (fixedHeader[0] >>> 1) & 0x3;
            if (qos == 3) {
                throw new IOException("malformed MQTT packet: PUBLISH with QoS 3");
            }
            int topicLength = ((variableHeader[0] & 0xff) << 8) | (variableHeader[1] & 0xff);
            int length = 2 + topicLength + (qos > 0 ? 2 : 0);
            if (length > remaining) {
                throw new IOException("malformed MQTT packet: PUBLISH topic longer than the packet");
            }
            variableHeader = Arrays.copyOf(variableHeader, length);
            if (variableHeaderLength < length) {
                return;
            }
        }
        payload = remaining - variableHeader.length;
        if (payload <= limit) {
            // A long topic made the packet large, not the payload: the message passes whole.
            emit(concat(Arrays.copyOf(fixedHeader, fixedHeaderLength), variableHeader));
            state = State.PASS;
        } else {
            standIn = OversizeMessage.standIn(payload);
            standInSent = 0;
            emit(concat(new byte[] {fixedHeader[0]}, remainingLength(variableHeader.length + standIn.length),
                    variableHeader));
            state = State.SKIP;
        }
        fixedHeaderLength = 0;
        left = payload;
        variableHeader = null;
    }

    private void emit(byte[] bytes) {
        out = bytes;
        outPosition = 0;
    }

    private static byte[] remainingLength(int value) {
        byte[] encoded = new byte[MAX_LENGTH_BYTES];
        int n = 0;
        do {
            int digit = value & 0x7f;
            value >>>= 7;
            encoded[n++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return Arrays.copyOf(encoded, n);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    @Override
    public int available() throws IOException {
        if (outPosition < out.length) {
            return out.length - outPosition;
        }
        return state == State.PASS ? (int) Math.min(in.available(), left) : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
