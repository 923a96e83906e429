package org.accessctl.sim.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

/**
 * The shared behaviour against the embedded broker, plus the limits that protect it from hostile
 * clients (Mosquitto has its own, differently configured, so those are checked here only).
 */
class EmbeddedBrokerBehaviourTest extends BrokerBehaviourContract {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private EmbeddedBroker broker;

    @Override
    protected String startBroker() throws IOException {
        broker = new EmbeddedBroker("127.0.0.1", 0);
        broker.start();
        return broker.url();
    }

    @Override
    protected void stopBroker() {
        broker.close();
    }

    @Test
    void oversizedPacketClosesConnection() throws Exception {
        RawMqttClient client = raw();
        assertEquals(0, client.connect("big", true, 60, null));
        // Claims 2 MiB: refused on the header alone, before any body is read.
        client.sendBytes(0x30, 0x80, 0x80, 0x80, 0x01);
        assertTrue(client.awaitClosedByBroker(CLOSE_TIMEOUT));
    }

    @Test
    void packetSizeLimitIsConfigurable() throws Exception {
        try (EmbeddedBroker small = new EmbeddedBroker("127.0.0.1", 0, BrokerLimits.defaults().withMaxPacketSize(1024))) {
            small.start();
            try (RawMqttClient fits = new RawMqttClient(small.url()); RawMqttClient tooBig = new RawMqttClient(small.url())) {
                assertEquals(0, fits.connect("fits", true, 60, null));
                fits.publish("t", new byte[900]);
                assertEquals(0, tooBig.connect("too-big", true, 60, null));
                tooBig.publish("t", new byte[1100]);
                assertTrue(tooBig.awaitClosedByBroker(CLOSE_TIMEOUT));
                assertEquals(0, fits.subscribe("t"), "the connection within the limit is still served");
            }
        }
    }

    @Test
    void remainingLengthOverFourBytesClosesConnection() throws Exception {
        RawMqttClient client = raw();
        assertEquals(0, client.connect("bad-length", true, 60, null));
        client.sendBytes(0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01);
        assertTrue(client.awaitClosedByBroker(CLOSE_TIMEOUT));
    }

    @Test
    void firstPacketOtherThanConnectClosesConnection() throws Exception {
        RawMqttClient client = raw();
        client.sendBytes(0xC0, 0x00); // PINGREQ
        assertTrue(client.awaitClosedByBroker(CLOSE_TIMEOUT));
    }

    @Test
    void silentClientIsDroppedAfterOneAndAHalfKeepAlivesAndItsWillPublished() throws Exception {
        MessageInbox watcher = new MessageInbox();
        subscribe(connect("watch", watcher), topic("status"), 1);

        RawMqttClient silent = raw();
        assertEquals(0, silent.connect("silent", true, 1, new RawMqttClient.Will(topic("status"), "timed out", 1, false)));
        long start = System.nanoTime();

        assertTrue(silent.awaitClosedByBroker(Duration.ofSeconds(5)));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMillis >= 1400, "not before 1.5 keep-alive periods, was " + elapsedMillis + " ms");
        assertEquals("timed out", watcher.next().text());
    }

    @Test
    void connectionThatNeverSendsConnectIsDropped() throws Exception {
        try (EmbeddedBroker strict = new EmbeddedBroker("127.0.0.1", 0,
                BrokerLimits.defaults().withConnectTimeout(Duration.ofMillis(300)));
             RawMqttClient idle = startAndOpen(strict)) {
            assertTrue(idle.awaitClosedByBroker(CLOSE_TIMEOUT));
        }
    }

    @Test
    void invalidFiltersAreRefusedInSubackWithoutClosing() throws Exception {
        RawMqttClient client = raw();
        assertEquals(0, client.connect("filters", true, 60, null));
        assertEquals(0x80, client.subscribe("a/#/b"));
        assertEquals(0x80, client.subscribe("a+/b"));
        assertEquals(0, client.subscribe(topic("ok/#")));
    }

    @Test
    void qos2IsDeliveredExactlyOnceWithTheFullHandshake() throws Exception {
        MessageInbox inbox = new MessageInbox();
        MqttClient sub = connect("sub", inbox);
        subscribe(sub, topic("q2"), 2);
        MqttClient pub = publisher();
        publish(pub, topic("q2"), "first", 2, false);
        publish(pub, topic("q2"), "second", 2, false);

        MessageInbox.Received first = inbox.next();
        assertEquals("first", first.text());
        assertEquals(2, first.message().getQos());
        assertEquals("second", inbox.next().text(), "no duplicate of the first");
    }

    @Test
    void closeDropsClientsAndIsIdempotent() throws Exception {
        EmbeddedBroker doomed = new EmbeddedBroker("127.0.0.1", 0);
        RawMqttClient client = startAndOpen(doomed);
        assertEquals(0, client.connect("doomed", true, 60, null));
        int port = doomed.port();

        doomed.close();
        doomed.close();

        assertTrue(client.awaitClosedByBroker(CLOSE_TIMEOUT));
        client.close();
        assertNobodyListens(port);
    }

    /**
     * The closed broker answers no MQTT on its old port. (The port itself is free again, and on a
     * busy machine anything may take it, or a connection may even reach itself through TCP
     * simultaneous open; what matters is that no CONNACK comes back.)
     */
    private static void assertNobodyListens(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(500);
            // CONNECT, MQTT 3.1.1, clean session, keepalive 60, client id "x".
            s.getOutputStream().write(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'x'});
            int first;
            try {
                first = s.getInputStream().read();
            } catch (java.net.SocketTimeoutException | java.net.SocketException silent) {
                return;
            }
            assertTrue(first != 0x20, "the closed broker still answered CONNECT on " + port);
        } catch (ConnectException expected) {
            // refused: nothing listens
        }
    }

    @Test
    void mqtt31ConnackCarriesNoSessionPresentFlag() throws Exception {
        RawMqttClient client = raw();
        client.sendConnect("MQIsdp", 3, "legacy-persistent", false, 60, null);
        assertEquals(0, client.readConnack()[0]);
        client.publish(topic("x"), "y".getBytes(StandardCharsets.UTF_8));
        client.disconnect();
    }

    @Test
    void fullOfflineQueueDropsTheOldestMessages() throws Exception {
        try (EmbeddedBroker small = new EmbeddedBroker("127.0.0.1", 0,
                BrokerLimits.defaults().withMaxQueuedMessagesPerSession(5));
             RawMqttClient subscriber = startAndOpen(small);
             RawMqttClient publisher = new RawMqttClient(small.url())) {
            assertEquals(0, subscriber.connect("offline", false, 60, null));
            assertEquals(1, subscriber.subscribe("cmd", 1));
            subscriber.disconnect();
            assertTrue(subscriber.awaitClosedByBroker(CLOSE_TIMEOUT));

            assertEquals(0, publisher.connect("publisher", true, 60, null));
            for (int i = 0; i < 8; i++) {
                publisher.send(0x32, new byte[] {0, 3, 'c', 'm', 'd', 0, (byte) (i + 1), (byte) ('0' + i)});
                assertEquals(4, publisher.readPacket(CLOSE_TIMEOUT).type(), "PUBACK");
            }

            try (RawMqttClient back = new RawMqttClient(small.url())) {
                back.sendConnect("MQTT", 4, "offline", false, 60, null);
                assertArrayEquals(new int[] {1, 0}, back.readConnack());
                for (char expected = '3'; expected <= '7'; expected++) {
                    byte[] body = back.readPacket(CLOSE_TIMEOUT).body();
                    assertEquals(expected, (char) body[body.length - 1]);
                }
            }
        }
    }

    private static RawMqttClient startAndOpen(EmbeddedBroker broker) throws IOException {
        broker.start();
        return new RawMqttClient(broker.url());
    }
}
