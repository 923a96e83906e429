package org.accessctl.mqtt;

import static org.accessctl.mqtt.OversizePublishFilterTest.concat;
import static org.accessctl.mqtt.OversizePublishFilterTest.publish;
import static org.accessctl.mqtt.OversizePublishFilterTest.remainingLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.accessctl.testing.Await;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * A huge message on a link slower than the keep-alive: the broker's ping answers wait behind it
 * in the stream, so the client must see bytes arriving while the payload is skipped, or Paho
 * declares the connection dead. A scripted broker sends 4 MiB at 640 KiB/s (6.4 s) to a client
 * with a 2 s keep-alive, which without bytes arriving gives up after about 4 s.
 */
class OversizeOnASlowLinkTest {

    private static final int PAYLOAD = 4 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final long CHUNK_NANOS = 100_000_000L;

    @Test
    void theConnectionOutlivesAHugeMessageThatTakesLongerThanTheKeepAlive() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             MqttClient client = new MqttClient("tcp://127.0.0.1:" + listener.getLocalPort(), "slow-link",
                     new MemoryPersistence())) {
            AtomicReference<Throwable> lost = new AtomicReference<>();
            Map<String, byte[]> received = new ConcurrentHashMap<>();
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.set(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.put(topic, message.getPayload());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            Thread broker = new Thread(() -> serve(listener), "scripted-broker");
            broker.setDaemon(true);
            broker.start();

            MqttConnectOptions o = new MqttConnectOptions();
            o.setSocketFactory(new NoDelaySocketFactory());
            o.setKeepAliveInterval(2);
            o.setCleanSession(true);
            client.connect(o);
            client.subscribe("t/#", 0);

            Await.until(() -> received.containsKey("t/next") || lost.get() != null, "the message after the huge one");
            assertNull(lost.get(), "the connection was never lost");
            assertEquals(Optional.of("message of " + PAYLOAD + " bytes exceeds the limit of " + OversizeMessage.LIMIT_BYTES),
                    OversizeMessage.describe(received.get("t/huge")));
            client.disconnect();
        }
    }

    /** CONNACK, SUBACK, the huge PUBLISH at the link's pace, the ping answers it held up, one more PUBLISH. */
    private static void serve(ServerSocket listener) {
        try (Socket s = listener.accept()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            readPacket(in); // CONNECT
            out.write(new byte[] {0x20, 2, 0, 0});
            byte[] subscribe = readPacket(in);
            out.write(new byte[] {(byte) 0x90, 3, subscribe[0], subscribe[1], 0});
            AtomicInteger pings = new AtomicInteger();
            Thread pingCounter = new Thread(() -> {
                try {
                    while (true) {
                        readPacket(in); // PINGREQ, answered once the payload has gone by
                        pings.incrementAndGet();
                    }
                } catch (IOException closed) {
                    // the client went away
                }
            }, "scripted-broker-reader");
            pingCounter.setDaemon(true);
            pingCounter.start();

            byte[] topic = "t/huge".getBytes(StandardCharsets.UTF_8);
            out.write(concat(new byte[] {0x30}, remainingLength(2 + topic.length + PAYLOAD),
                    new byte[] {0, (byte) topic.length}, topic));
            byte[] chunk = new byte[CHUNK];
            for (int sent = 0; sent < PAYLOAD; sent += CHUNK) {
                long next = System.nanoTime() + CHUNK_NANOS;
                out.write(chunk);
                out.flush();
                LockSupport.parkNanos(next - System.nanoTime()); // the link's pace
            }
            int answered = 0;
            for (int n = pings.get(); answered < n; answered++) {
                out.write(new byte[] {(byte) 0xd0, 0});
            }
            out.write(publish(0x30, "t/next", -1, "ok".getBytes(StandardCharsets.UTF_8)));
            out.flush();
            // Keep answering pings until the client leaves.
            while (!s.isClosed() && pingCounter.isAlive()) {
                for (int n = pings.get(); answered < n; answered++) {
                    out.write(new byte[] {(byte) 0xd0, 0});
                }
                LockSupport.parkNanos(10_000_000L);
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    /** One packet's body (after its fixed header). */
    private static byte[] readPacket(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        if (type == 0xe0) {
            throw new IOException("DISCONNECT");
        }
        return body;
    }
}
