package org.accessctl.sim.broker;

import java.util.ArrayList;
import java.util.List;

/** A parsed UNSUBSCRIBE. */
record UnsubscribePacket(int packetId, List<String> filters) {

    static UnsubscribePacket parse(RawPacket packet) throws ProtocolViolationException {
        packet.requireFlags(0x02);
        PacketFields in = packet.fields();
        int packetId = in.u16();
        if (packetId == 0) {
            throw new ProtocolViolationException("UNSUBSCRIBE with packet id 0");
        }
        List<String> filters = new ArrayList<>();
        while (in.hasRemaining()) {
            filters.add(in.string("topic filter"));
        }
        if (filters.isEmpty()) {
            throw new ProtocolViolationException("UNSUBSCRIBE without topic filters");
        }
        return new UnsubscribePacket(packetId, List.copyOf(filters));
    }
}
