package org.accessctl.mqtt;

import static org.accessctl.mqtt.OversizePublishFilterTest.concat;
import static org.accessctl.mqtt.OversizePublishFilterTest.remainingLength;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import org.accessctl.testing.Await;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.TestCertificates;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retained message far larger than this JVM's 64 MiB heap, on a stock Mosquitto (which
 * accepts messages up to MQTT's 256 MiB), received by the real Paho client through the door's
 * socket factories: it arrives as the small stand-in, and the connection goes on working.
 */
class OversizeMessageBrokerTest {

    private static final long HUGE = 150L * 1024 * 1024;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void aHugeRetainedRecordArrivesAsTheStandInAndTheNextMessageStillArrives() throws Exception {
        MosquittoProcess broker = keep(MosquittoProcess.start());
        publishRetained(new Socket(), broker.port(), "site/personnel/P-HUGE", HUGE);

        Inbox inbox = subscribe(broker.url(), new MqttConnectOptions(), new NoDelaySocketFactory());

        assertStandInThenLiveMessage(broker.url(), new MqttConnectOptions(), inbox);
    }

    @Test
    void overTlsToo() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).start());
        SocketFactory tls = BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), null, null));
        publishRetained(tls.createSocket(), broker.port(), "site/personnel/P-HUGE", HUGE);

        MqttConnectOptions o = new MqttConnectOptions();
        Inbox inbox = subscribe(broker.url(), o, tls);

        assertStandInThenLiveMessage(broker.url(), o, inbox);
    }

    private void assertStandInThenLiveMessage(String url, MqttConnectOptions o, Inbox inbox) throws MqttException {
        Received huge = inbox.await("site/personnel/P-HUGE");
        assertTrue(huge.retained());
        assertEquals(Optional.of("message of " + HUGE + " bytes exceeds the limit of " + OversizeMessage.LIMIT_BYTES),
                OversizeMessage.describe(huge.payload()));

        MqttClient publisher = keep(new Inbox(new MqttClient(url, "publisher-" + System.nanoTime(),
                new MemoryPersistence()))).client;
        publisher.connect(o);
        byte[] record = "{\"personId\":\"P-2\",\"active\":true}".getBytes(StandardCharsets.UTF_8);
        publisher.publish("site/personnel/P-2", record, 1, true);
        assertArrayEquals(record, inbox.await("site/personnel/P-2").payload());
        assertTrue(inbox.client.isConnected(), "the receiving connection was never lost");
    }

    private Inbox subscribe(String url, MqttConnectOptions o, SocketFactory factory) throws MqttException {
        Inbox inbox = keep(new Inbox(new MqttClient(url, "receiver-" + System.nanoTime(), new MemoryPersistence())));
        o.setSocketFactory(factory);
        o.setCleanSession(true);
        inbox.client.setCallback(inbox);
        inbox.client.connect(o);
        inbox.client.subscribe("site/personnel/+", 1);
        return inbox;
    }

    /**
     * Publishes a retained QoS 1 message of {@code size} zero bytes from a raw connection,
     * writing the payload as it goes (no client library could hold it in this heap), and
     * returns once the broker acknowledged it.
     */
    private static void publishRetained(Socket socket, int port, String topic, long size) throws IOException {
        try (Socket s = socket) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] id = "huge-publisher".getBytes(StandardCharsets.US_ASCII);
            byte[] connect = concat(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60,
                    0, (byte) id.length}, id);
            out.write(concat(new byte[] {0x10}, remainingLength(connect.length), connect));
            byte[] connack = new byte[4];
            in.readFully(connack);
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, connack, "CONNACK accepted");

            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            byte[] variable = concat(new byte[] {0, (byte) name.length}, name, new byte[] {0, 1});
            out.write(concat(new byte[] {0x33},
                    remainingLength(variable.length + size), variable));
            byte[] chunk = new byte[64 * 1024];
            for (long sent = 0; sent < size; sent += chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, size - sent));
            }
            out.flush();
            byte[] puback = new byte[4];
            in.readFully(puback);
            assertArrayEquals(new byte[] {0x40, 2, 0, 1}, puback, "PUBACK for the huge message");
            out.write(new byte[] {(byte) 0xe0, 0});
        }
    }

    private <T extends AutoCloseable> T keep(T t) {
        toClose.add(t);
        return t;
    }

    private record Received(String topic, byte[] payload, boolean retained) {
    }

    /** A client and what it received; closing disconnects it first. */
    private static final class Inbox implements MqttCallback, AutoCloseable {
        final MqttClient client;
        private final List<Received> received = new ArrayList<>();

        Inbox(MqttClient client) {
            this.client = client;
        }

        @Override
        public void connectionLost(Throwable cause) {
        }

        @Override
        public synchronized void messageArrived(String topic, MqttMessage message) {
            received.add(new Received(topic, message.getPayload(), message.isRetained()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }

        Received await(String topic) {
            Await.until(() -> find(topic) != null, "a message on " + topic);
            return find(topic);
        }

        private synchronized Received find(String topic) {
            return received.stream().filter(r -> r.topic().equals(topic)).findFirst().orElse(null);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        }
    }
}
