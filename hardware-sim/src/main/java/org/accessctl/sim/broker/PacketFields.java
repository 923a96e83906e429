package org.accessctl.sim.broker;

import java.util.Arrays;

/** Reads the fields of a packet body in order; running off the end is a protocol violation. */
final class PacketFields {
    private final byte[] body;
    private int position;

    PacketFields(byte[] body) {
        this.body = body;
    }

    boolean hasRemaining() {
        return position < body.length;
    }

    int u8() throws ProtocolViolationException {
        need(1);
        return body[position++] & 0xFF;
    }

    int u16() throws ProtocolViolationException {
        need(2);
        int value = ((body[position] & 0xFF) << 8) | (body[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    /** A length-prefixed string, validated as the spec's UTF-8. */
    String string(String what) throws ProtocolViolationException {
        int length = u16();
        need(length);
        String value = MqttUtf8.decode(body, position, length, what);
        position += length;
        return value;
    }

    /** Length-prefixed binary data (will payload, password). */
    byte[] binary() throws ProtocolViolationException {
        int length = u16();
        need(length);
        byte[] value = Arrays.copyOfRange(body, position, position + length);
        position += length;
        return value;
    }

    /** Everything left (a PUBLISH payload). */
    byte[] rest() {
        byte[] value = Arrays.copyOfRange(body, position, body.length);
        position = body.length;
        return value;
    }

    void requireEnd(String packet) throws ProtocolViolationException {
        if (hasRemaining()) {
            throw new ProtocolViolationException(packet + " has " + (body.length - position) + " unexpected trailing bytes");
        }
    }

    private void need(int count) throws ProtocolViolationException {
        if (body.length - position < count) {
            throw new ProtocolViolationException("packet ends inside a field");
        }
    }
}
