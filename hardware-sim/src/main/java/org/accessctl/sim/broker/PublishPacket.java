package org.accessctl.sim.broker;

/** A parsed incoming PUBLISH. */
record PublishPacket(Message message, int packetId, boolean dup) {

    static PublishPacket parse(RawPacket packet) throws ProtocolViolationException {
        int flags = packet.flags();
        int qos = (flags >> 1) & 0x03;
        boolean retain = (flags & 0x01) != 0;
        boolean dup = (flags & 0x08) != 0;
        if (qos == 3) {
            throw new ProtocolViolationException("PUBLISH with QoS 3");
        }
        if (qos == 0 && dup) {
            throw new ProtocolViolationException("PUBLISH with QoS 0 and DUP set");
        }
        PacketFields in = packet.fields();
        String topic = in.string("topic");
        if (!TopicFilters.isValidName(topic)) {
            throw new ProtocolViolationException("PUBLISH topic '" + topic + "' is empty or has wildcards");
        }
        int packetId = 0;
        if (qos > 0) {
            packetId = in.u16();
            if (packetId == 0) {
                throw new ProtocolViolationException("PUBLISH with packet id 0");
            }
        }
        return new PublishPacket(new Message(topic, in.rest(), qos, retain), packetId, dup);
    }
}
