package org.accessctl.sim.broker;

/** One control packet as framed on the wire: the first byte and the bytes after the length. */
record RawPacket(int firstByte, byte[] body) {

    int type() {
        return (firstByte >> 4) & 0x0F;
    }

    int flags() {
        return firstByte & 0x0F;
    }

    String typeName() {
        return PacketType.name(type());
    }

    PacketFields fields() {
        return new PacketFields(body);
    }

    /** Types whose fixed-header flags are fixed by the spec; anything else there is malformed. */
    void requireFlags(int expected) throws ProtocolViolationException {
        if (flags() != expected) {
            throw new ProtocolViolationException(typeName() + " with reserved flags " + flags());
        }
    }
}
