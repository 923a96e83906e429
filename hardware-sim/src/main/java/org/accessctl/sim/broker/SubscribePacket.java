package org.accessctl.sim.broker;

import java.util.ArrayList;
import java.util.List;

/** A parsed SUBSCRIBE: its packet id and the filters in the order asked for. */
record SubscribePacket(int packetId, List<Request> requests) {

    /** One filter and the QoS asked for; {@code valid} false means it is refused with 0x80. */
    record Request(String filter, int qos, boolean valid) {
    }

    static SubscribePacket parse(RawPacket packet) throws ProtocolViolationException {
        packet.requireFlags(0x02);
        PacketFields in = packet.fields();
        int packetId = in.u16();
        if (packetId == 0) {
            throw new ProtocolViolationException("SUBSCRIBE with packet id 0");
        }
        List<Request> requests = new ArrayList<>();
        while (in.hasRemaining()) {
            String filter = in.string("topic filter");
            int options = in.u8();
            if ((options & 0xFC) != 0 || (options & 0x03) == 3) {
                throw new ProtocolViolationException("SUBSCRIBE with requested QoS byte " + options);
            }
            requests.add(new Request(filter, options, TopicFilters.isValidFilter(filter)));
        }
        if (requests.isEmpty()) {
            throw new ProtocolViolationException("SUBSCRIBE without topic filters");
        }
        return new SubscribePacket(packetId, List.copyOf(requests));
    }
}
