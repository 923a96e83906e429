package org.accessctl.sim.broker;

/**
 * A parsed CONNECT. Username and password are read (to keep the stream in step) and dropped: the
 * simulator's broker listens on loopback only and does not authenticate.
 */
record ConnectPacket(int protocolLevel, String clientId, boolean cleanSession, int keepAliveSeconds, Message will) {

    static final int LEVEL_3_1 = 3;
    static final int LEVEL_3_1_1 = 4;

    /** A CONNECT the server answers with a refusing CONNACK before closing. */
    static final class Refused extends Exception {
        final int returnCode;

        Refused(int returnCode, String reason) {
            super(reason);
            this.returnCode = returnCode;
        }
    }

    static final int REFUSED_PROTOCOL_VERSION = 0x01;
    static final int REFUSED_IDENTIFIER = 0x02;

    boolean isLevel311() {
        return protocolLevel == LEVEL_3_1_1;
    }

    static ConnectPacket parse(RawPacket packet) throws ProtocolViolationException, Refused {
        PacketFields in = packet.fields();
        String protocolName = in.string("protocol name");
        int level = in.u8();
        boolean known = ("MQTT".equals(protocolName) && level == LEVEL_3_1_1)
                || ("MQIsdp".equals(protocolName) && level == LEVEL_3_1);
        if (!"MQTT".equals(protocolName) && !"MQIsdp".equals(protocolName)) {
            // The spec lets the server simply disconnect on a foreign protocol name.
            throw new ProtocolViolationException("unknown protocol name '" + protocolName + "'");
        }
        if (!known) {
            throw new Refused(REFUSED_PROTOCOL_VERSION, "unsupported protocol level " + level);
        }
        if (level == LEVEL_3_1_1) {
            packet.requireFlags(0);
        }
        int flags = in.u8();
        if ((flags & 0x01) != 0) {
            throw new ProtocolViolationException("CONNECT reserved flag set");
        }
        boolean cleanSession = (flags & 0x02) != 0;
        boolean hasWill = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        boolean hasPassword = (flags & 0x40) != 0;
        boolean hasUsername = (flags & 0x80) != 0;
        if (willQos == 3) {
            throw new ProtocolViolationException("will QoS 3");
        }
        if (!hasWill && (willQos != 0 || willRetain)) {
            throw new ProtocolViolationException("will QoS or retain set without a will");
        }
        if (hasPassword && !hasUsername && level == LEVEL_3_1_1) {
            throw new ProtocolViolationException("password without username");
        }
        int keepAlive = in.u16();
        String clientId = in.string("client id");
        Message will = null;
        if (hasWill) {
            String topic = in.string("will topic");
            if (!TopicFilters.isValidName(topic)) {
                throw new ProtocolViolationException("will topic '" + topic + "' is empty or has wildcards");
            }
            will = new Message(topic, in.binary(), willQos, willRetain);
        }
        if (hasUsername) {
            in.string("username");
        }
        if (hasPassword) {
            in.binary();
        }
        in.requireEnd("CONNECT");
        if (clientId.isEmpty() && (!cleanSession || level == LEVEL_3_1)) {
            // 3.1.1 lets the server invent an id only for a clean session; 3.1 never allowed empty ids.
            throw new Refused(REFUSED_IDENTIFIER, "empty client id without clean session");
        }
        return new ConnectPacket(level, clientId, cleanSession, keepAlive, will);
    }
}
