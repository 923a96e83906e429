package org.accessctl.sim.broker;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** Builds the packets the server sends, each as the exact bytes to write. */
final class PacketEncoder {

    static byte[] connack(boolean sessionPresent, int returnCode) {
        return new byte[] {(byte) (PacketType.CONNACK << 4), 2, (byte) (sessionPresent ? 1 : 0), (byte) returnCode};
    }

    static byte[] puback(int packetId) {
        return withId(PacketType.PUBACK << 4, packetId);
    }

    static byte[] pubrec(int packetId) {
        return withId(PacketType.PUBREC << 4, packetId);
    }

    static byte[] pubrel(int packetId) {
        return withId((PacketType.PUBREL << 4) | 0x02, packetId);
    }

    static byte[] pubcomp(int packetId) {
        return withId(PacketType.PUBCOMP << 4, packetId);
    }

    static byte[] unsuback(int packetId) {
        return withId(PacketType.UNSUBACK << 4, packetId);
    }

    static byte[] pingresp() {
        return new byte[] {(byte) (PacketType.PINGRESP << 4), 0};
    }

    static byte[] suback(int packetId, List<Integer> returnCodes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + returnCodes.size());
        out.write(PacketType.SUBACK << 4);
        RemainingLength.write(out, 2 + returnCodes.size());
        out.write(packetId >> 8);
        out.write(packetId);
        returnCodes.forEach(out::write);
        return out.toByteArray();
    }

    static byte[] publish(Message message, int qos, boolean retainFlag, boolean dup, int packetId) {
        byte[] topic = MqttUtf8.encode(message.topic());
        int length = 2 + topic.length + (qos > 0 ? 2 : 0) + message.payload().length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 5);
        out.write((PacketType.PUBLISH << 4) | (dup ? 0x08 : 0) | (qos << 1) | (retainFlag ? 1 : 0));
        RemainingLength.write(out, length);
        out.write(topic.length >> 8);
        out.write(topic.length);
        out.writeBytes(topic);
        if (qos > 0) {
            out.write(packetId >> 8);
            out.write(packetId);
        }
        out.writeBytes(message.payload());
        return out.toByteArray();
    }

    private static byte[] withId(int firstByte, int packetId) {
        return new byte[] {(byte) firstByte, 2, (byte) (packetId >> 8), (byte) packetId};
    }

    private PacketEncoder() {
    }
}
