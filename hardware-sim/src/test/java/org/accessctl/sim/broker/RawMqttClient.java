package org.accessctl.sim.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An MQTT client built by hand on a plain socket, for what a well-behaved library cannot do:
 * dying without DISCONNECT, sending malformed packets, staying silent past its keep-alive.
 * Packets are written independently of the broker's own encoder so the tests check the wire.
 */
final class RawMqttClient implements AutoCloseable {

    /** A will for {@link #connect}. */
    record Will(String topic, String payload, int qos, boolean retain) {
    }

    /** A packet the broker sent: first byte and body. */
    record Packet(int firstByte, byte[] body) {
        int type() {
            return (firstByte >> 4) & 0x0F;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    RawMqttClient(String brokerUrl) throws IOException {
        URI uri = URI.create(brokerUrl);
        socket = new Socket(uri.getHost(), uri.getPort());
        socket.setTcpNoDelay(true);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** Sends CONNECT (MQTT 3.1.1 unless told otherwise) and returns the CONNACK return code. */
    int connect(String clientId, boolean cleanSession, int keepAliveSeconds, Will will) throws IOException {
        sendConnect("MQTT", 4, clientId, cleanSession, keepAliveSeconds, will);
        return readConnack()[1];
    }

    void sendConnect(String protocolName, int level, String clientId, boolean cleanSession, int keepAliveSeconds,
                     Will will) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, protocolName);
        body.write(level);
        int flags = (cleanSession ? 0x02 : 0);
        if (will != null) {
            flags |= 0x04 | (will.qos() << 3) | (will.retain() ? 0x20 : 0);
        }
        body.write(flags);
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds);
        writeString(body, clientId);
        if (will != null) {
            writeString(body, will.topic());
            writeString(body, will.payload());
        }
        send(0x10, body.toByteArray());
    }

    /** CONNACK as {session-present byte, return code}. */
    int[] readConnack() throws IOException {
        Packet packet = readPacket(Duration.ofSeconds(5));
        if (packet.type() != 2 || packet.body().length != 2) {
            throw new IOException("expected CONNACK, got first byte " + packet.firstByte());
        }
        return new int[] {packet.body()[0] & 0xFF, packet.body()[1] & 0xFF};
    }

    void publish(String topic, byte[] payload) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        body.writeBytes(payload);
        send(0x30, body.toByteArray());
    }

    /** Subscribes at QoS 0 and waits for the SUBACK, returning its return code. */
    int subscribe(String filter) throws IOException {
        return subscribe(filter, 0);
    }

    int subscribe(String filter, int qos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);
        body.write(1);
        writeString(body, filter);
        body.write(qos);
        send(0x82, body.toByteArray());
        while (true) {
            Packet packet = readPacket(Duration.ofSeconds(5));
            if (packet.type() == 9) {
                return packet.body()[2] & 0xFF;
            }
        }
    }

    void disconnect() throws IOException {
        sendBytes(0xE0, 0x00);
    }

    /** A packet from first byte and body, with a correctly encoded remaining length. */
    void send(int firstByte, byte[] body) throws IOException {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(firstByte);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    /** Arbitrary bytes, for malformed input. */
    void sendBytes(int... bytes) throws IOException {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        out.write(raw);
        out.flush();
    }

    Packet readPacket(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int first = in.read();
        if (first < 0) {
            throw new EOFException("broker closed the connection");
        }
        int length = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return new Packet(first, body);
    }

    /** Reads and discards until the broker closes the connection; false if it is still open at the deadline. */
    boolean awaitClosedByBroker(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] sink = new byte[8192];
        InputStream raw = socket.getInputStream();
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            socket.setSoTimeout((int) left);
            try {
                if (raw.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the broker
            }
        }
    }

    /** Drops the connection without DISCONNECT, as a crashed client would. */
    void die() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }
}
