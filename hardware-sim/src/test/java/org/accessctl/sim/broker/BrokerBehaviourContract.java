package org.accessctl.sim.broker;

import org.accessctl.mqtt.NoDelaySocketFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the door needs from its MQTT broker, written once and run against both Mosquitto and the
 * simulator's embedded broker: passing against both shows the embedded one behaves like the
 * broker the door runs with in production. Each test works under its own topic prefix and client
 * ids, so tests sharing one broker cannot see each other's retained messages or sessions.
 *
 * <p>Absence is proved with a marker, never by waiting: a broker delivers one publisher's messages
 * to a subscriber in order, so if the marker arrives first, nothing was published before it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerBehaviourContract {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final List<MqttClient> clients = new ArrayList<>();
    private final List<RawMqttClient> rawClients = new ArrayList<>();
    private String url;
    private MqttClient publisher;
    private String prefix;

    /** Starts the broker under test, for the whole class, and returns its {@code tcp://host:port}. */
    protected abstract String startBroker() throws Exception;

    protected abstract void stopBroker();

    @BeforeAll
    void startBrokerAndPublisher() throws Exception {
        url = startBroker();
        // One publisher for all tests: every Paho connect costs a few hundred milliseconds.
        publisher = newClient("publisher-" + UUID.randomUUID(), true, null);
    }

    @AfterAll
    void stopPublisherAndBroker() throws MqttException {
        try {
            if (publisher != null) {
                publisher.disconnect(0);
                publisher.close();
            }
        } finally {
            stopBroker();
        }
    }

    protected final String brokerUrl() {
        return url;
    }

    @BeforeEach
    void choosePrefix() {
        prefix = "test/" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void closeClients() throws Exception {
        for (MqttClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect(0); // not disconnectForcibly: that always waits its full timeout
                }
                client.close(true);
            } catch (MqttException e) {
                // the test may have closed it already
            }
        }
        clients.clear();
        for (RawMqttClient raw : rawClients) {
            raw.close();
        }
        rawClients.clear();
    }

    // ---- retained messages ----

    @Test
    void retainedMessageReachesLaterSubscriberFlaggedRetained() throws Exception {
        publish(publisher(), topic("state"), "locked", 1, true);

        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("state"), 1);

        MessageInbox.Received state = inbox.next();
        assertEquals("locked", state.text());
        assertTrue(state.message().isRetained(), "retained message to a new subscriber carries the retain flag");
    }

    @Test
    void liveDeliveryToExistingSubscriberIsNotFlaggedRetained() throws Exception {
        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("state"), 1);

        publish(publisher(), topic("state"), "open", 1, true);

        MessageInbox.Received state = inbox.next();
        assertEquals("open", state.text());
        assertFalse(state.message().isRetained(), "a live delivery has retain 0, even for a retained publish");
    }

    @Test
    void emptyRetainedPayloadDeletesRetainedMessage() throws Exception {
        MqttClient pub = publisher();
        publish(pub, topic("state"), "locked", 1, true);
        pub.publish(topic("state"), new byte[0], 1, true);

        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), prefix + "#", 1);
        publish(pub, topic("marker"), "after", 1, false);

        assertEquals(topic("marker"), inbox.next().topic(), "nothing retained is left under the topic");
    }

    @Test
    void retainedMessageIsDeliveredAtTheLowerOfTheTwoQos() throws Exception {
        publish(publisher(), topic("state"), "locked", 1, true);

        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("state"), 0);

        MessageInbox.Received state = inbox.next();
        assertEquals(0, state.message().getQos());
        assertTrue(state.message().isRetained());
    }

    // ---- last will ----

    @Test
    void retainedWillIsPublishedAndStoredWhenClientDiesWithoutDisconnect() throws Exception {
        MessageInbox watcher = new MessageInbox();
        subscribe(connect("watch", watcher), topic("status"), 1);

        RawMqttClient door = raw();
        assertEquals(0, door.connect(clientId("door"), true, 60, new RawMqttClient.Will(topic("status"), "offline", 1, true)));
        door.die();

        MessageInbox.Received live = watcher.next();
        assertEquals("offline", live.text());
        assertFalse(live.message().isRetained());

        MessageInbox late = new MessageInbox();
        subscribe(connect("late", late), topic("status"), 1);
        MessageInbox.Received stored = late.next();
        assertEquals("offline", stored.text());
        assertTrue(stored.message().isRetained(), "a retained will is kept as the topic's retained message");
    }

    @Test
    void willIsNotPublishedAfterDisconnect() throws Exception {
        MessageInbox watcher = new MessageInbox();
        MqttClient watch = connect("watch", watcher);
        subscribe(watch, prefix + "#", 1);

        RawMqttClient door = raw();
        assertEquals(0, door.connect(clientId("door"), true, 60, new RawMqttClient.Will(topic("status"), "offline", 1, true)));
        door.disconnect();
        assertTrue(door.awaitClosedByBroker(CLOSE_TIMEOUT), "broker closes the connection after DISCONNECT");

        publish(watch, topic("marker"), "after", 1, false);
        assertEquals(topic("marker"), watcher.next().topic(), "no will after a clean DISCONNECT");
    }

    @Test
    void protocolViolationPublishesWill() throws Exception {
        MessageInbox watcher = new MessageInbox();
        subscribe(connect("watch", watcher), topic("status"), 1);

        RawMqttClient door = raw();
        assertEquals(0, door.connect(clientId("door"), true, 60, new RawMqttClient.Will(topic("status"), "offline", 1, false)));
        door.publish(prefix + "+/wildcard", "x".getBytes(StandardCharsets.UTF_8));

        assertTrue(door.awaitClosedByBroker(CLOSE_TIMEOUT), "a wildcard in a PUBLISH topic closes the connection");
        assertEquals("offline", watcher.next().text());
    }

    @Test
    void takeoverClosesOldConnectionAndPublishesItsWill() throws Exception {
        MessageInbox watcher = new MessageInbox();
        subscribe(connect("watch", watcher), topic("status"), 1);
        String id = clientId("door");

        RawMqttClient first = raw();
        assertEquals(0, first.connect(id, true, 60, new RawMqttClient.Will(topic("status"), "first-gone", 1, false)));
        RawMqttClient second = raw();
        assertEquals(0, second.connect(id, true, 60, null));

        assertTrue(first.awaitClosedByBroker(CLOSE_TIMEOUT), "the older connection with the same client id is closed");
        assertEquals("first-gone", watcher.next().text());
    }

    @Test
    void takeoverOfPersistentSessionByPersistentConnectionKeepsWillUnpublished() throws Exception {
        MessageInbox watcher = new MessageInbox();
        MqttClient watch = connect("watch", watcher);
        subscribe(watch, prefix + "#", 1);
        String id = clientId("door");

        RawMqttClient first = raw();
        assertEquals(0, first.connect(id, false, 60, new RawMqttClient.Will(topic("status"), "first-gone", 1, false)));
        RawMqttClient second = raw();
        second.sendConnect("MQTT", 4, id, false, 60, null);
        int[] connack = second.readConnack();
        assertEquals(0, connack[1]);
        assertEquals(1, connack[0], "the persistent session is resumed");
        assertTrue(first.awaitClosedByBroker(CLOSE_TIMEOUT));

        publish(watch, topic("marker"), "after", 1, false);
        assertEquals(topic("marker"), watcher.next().topic(), "Mosquitto keeps the will when a session moves on");
        second.disconnect();
    }

    // ---- delivery ----

    @Test
    void qos1RoundTripIsAcknowledged() throws Exception {
        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("event"), 1);

        MqttClient pub = publisher();
        var token = publisher.getTopic(topic("event")).publish(message("granted", 1, false));
        token.waitForCompletion(5000);
        assertTrue(token.isComplete(), "PUBACK received");

        MessageInbox.Received event = inbox.next();
        assertEquals("granted", event.text());
        assertEquals(1, event.message().getQos());
    }

    @Test
    void wildcardsMatchAsTheSpecSays() throws Exception {
        MessageInbox inbox = new MessageInbox();
        MqttClient sub = connect("sub", inbox);
        subscribe(sub, prefix + "+/temp", 1);
        subscribe(sub, prefix + "door/#", 1);

        MqttClient pub = publisher();
        for (String t : List.of("room/temp", "room/inner/temp", "temp", "door", "door/contact", "door/a/b", "doorbell")) {
            publish(pub, prefix + t, t, 1, false);
        }
        publish(pub, prefix + "door/marker", "marker", 1, false);

        Set<String> got = new HashSet<>();
        for (MessageInbox.Received r = inbox.next(); !r.text().equals("marker"); r = inbox.next()) {
            got.add(r.text());
        }
        assertEquals(Set.of("room/temp", "door", "door/contact", "door/a/b"), got);
    }

    @Test
    void overlappingSubscriptionsDeliverOnceAtTheHighestQos() throws Exception {
        MessageInbox inbox = new MessageInbox();
        MqttClient sub = connect("sub", inbox);
        subscribe(sub, prefix + "#", 0);
        subscribe(sub, topic("door/state"), 1);
        subscribe(sub, prefix + "+/state", 0);

        MqttClient pub = publisher();
        publish(pub, topic("door/state"), "locked", 1, false);
        publish(pub, topic("marker"), "marker", 1, false);

        MessageInbox.Received first = inbox.next();
        assertEquals("locked", first.text());
        assertEquals(1, first.message().getQos());
        assertEquals("marker", inbox.next().text(), "one copy only");
    }

    @Test
    void persistentSessionKeepsMessagesWhileOfflineAndDeliversThemInOrder() throws Exception {
        String id = clientId("controller");
        MqttClient subscriber = connectAs(id, false, new MessageInbox());
        subscribe(subscriber, topic("cmd/#"), 1);
        subscriber.disconnect();
        subscriber.close();

        MqttClient pub = publisher();
        for (int i = 0; i < 20; i++) {
            publish(pub, topic("cmd/" + (i % 3)), "m" + i, 1, false);
        }

        MessageInbox inbox = new MessageInbox();
        MqttClient back = new MqttClient(url, id, new MemoryPersistence());
        clients.add(back);
        back.setCallback(inbox);
        IMqttToken token = back.connectWithResult(options(false));
        assertTrue(token.getSessionPresent(), "CONNACK says the session was kept");
        for (int i = 0; i < 20; i++) {
            assertEquals("m" + i, inbox.next().text());
        }
    }

    @Test
    void unacknowledgedMessageIsResentWithDupOnReconnect() throws Exception {
        String id = clientId("controller");
        RawMqttClient first = raw();
        assertEquals(0, first.connect(id, false, 60, null));
        assertEquals(1, first.subscribe(topic("cmd"), 1));
        publish(publisher(), topic("cmd"), "unlock", 1, false);
        RawMqttClient.Packet original = first.readPacket(Duration.ofSeconds(5));
        assertEquals(0x32, original.firstByte(), "QoS 1 PUBLISH without DUP");
        first.die(); // without PUBACK

        RawMqttClient second = raw();
        second.sendConnect("MQTT", 4, id, false, 60, null);
        assertArrayEquals(new int[] {1, 0}, second.readConnack());
        RawMqttClient.Packet resent = second.readPacket(Duration.ofSeconds(5));
        assertEquals(0x3A, resent.firstByte(), "QoS 1 PUBLISH with DUP");
        assertArrayEquals(original.body(), resent.body(), "same packet id, topic and payload");
        second.disconnect();
    }

    @Test
    void cleanSessionStartsAfresh() throws Exception {
        String id = clientId("controller");
        MqttClient subscriber = connectAs(id, false, new MessageInbox());
        subscribe(subscriber, topic("cmd"), 1);
        subscriber.disconnect();
        subscriber.close();

        RawMqttClient fresh = raw();
        fresh.sendConnect("MQTT", 4, id, true, 60, null);
        assertArrayEquals(new int[] {0, 0}, fresh.readConnack(), "no session present for a clean session");
        fresh.disconnect();
    }

    @Test
    void manyQos1MessagesArriveInOrder() throws Exception {
        int count = 5000;
        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("burst"), 1);

        MqttClient pub = publisher();
        for (int i = 0; i < count; i++) {
            pub.publish(topic("burst"), message(Integer.toString(i), 1, false));
        }
        for (int i = 0; i < count; i++) {
            assertEquals(Integer.toString(i), inbox.next().text());
        }
    }

    @Test
    void slowConsumerDoesNotHoldUpOthers() throws Exception {
        RawMqttClient stuck = raw();
        assertEquals(0, stuck.connect(clientId("stuck"), true, 60, null));
        assertEquals(0, stuck.subscribe(topic("flood")));
        // From here on the stuck client reads nothing.

        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("flood"), 1);
        MqttClient pub = publisher();
        byte[] payload = new byte[16 * 1024];
        for (int i = 0; i < 1000; i++) {
            payload[0] = (byte) i;
            pub.publish(topic("flood"), payload, 1, false);
        }
        publish(pub, topic("flood"), "end", 1, false);

        int seen = 0;
        while (inbox.next().message().getPayload().length != 3) {
            seen++;
        }
        assertEquals(1000, seen);
    }

    // ---- connection rules and malformed input ----

    @Test
    void malformedPacketClosesOnlyThatConnection() throws Exception {
        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("alive"), 1);

        RawMqttClient bad = raw();
        assertEquals(0, bad.connect(clientId("bad"), true, 60, null));
        bad.sendBytes(0x00, 0x00); // packet type 0 is reserved
        assertTrue(bad.awaitClosedByBroker(CLOSE_TIMEOUT));

        publish(publisher(), topic("alive"), "still serving", 1, false);
        assertEquals("still serving", inbox.next().text());
    }

    @Test
    void invalidUtf8TopicClosesConnection() throws Exception {
        RawMqttClient bad = raw();
        assertEquals(0, bad.connect(clientId("bad"), true, 60, null));
        bad.send(0x30, new byte[] {0, 3, 'a', (byte) 0xC3, (byte) 0x28, 'x'});
        assertTrue(bad.awaitClosedByBroker(CLOSE_TIMEOUT));
    }

    @Test
    void unsupportedProtocolLevelIsRefused() throws Exception {
        RawMqttClient client = raw();
        client.sendConnect("MQTT", 9, clientId("future"), true, 60, null);
        assertEquals(0x01, client.readConnack()[1]);
        assertTrue(client.awaitClosedByBroker(CLOSE_TIMEOUT));
    }

    @Test
    void emptyClientIdNeedsCleanSession() throws Exception {
        RawMqttClient persistent = raw();
        persistent.sendConnect("MQTT", 4, "", false, 60, null);
        assertEquals(0x02, persistent.readConnack()[1]);
        assertTrue(persistent.awaitClosedByBroker(CLOSE_TIMEOUT));

        RawMqttClient clean = raw();
        assertEquals(0, clean.connect("", true, 60, null), "the broker assigns an id to a clean session");
        clean.disconnect();
    }

    @Test
    void mqtt31ClientsAreServed() throws Exception {
        MessageInbox inbox = new MessageInbox();
        subscribe(connect("sub", inbox), topic("legacy"), 0);

        RawMqttClient old = raw();
        old.sendConnect("MQIsdp", 3, clientId("old"), true, 60, null);
        assertArrayEquals(new int[] {0, 0}, old.readConnack());
        old.publish(topic("legacy"), "hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello", inbox.next().text());
    }

    // ---- helpers ----

    protected final String topic(String suffix) {
        return prefix + suffix;
    }

    private String clientId(String role) {
        return role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected final RawMqttClient raw() throws Exception {
        RawMqttClient client = new RawMqttClient(brokerUrl());
        rawClients.add(client);
        return client;
    }

    protected final MqttClient connect(String role) throws MqttException {
        return connect(role, null);
    }

    protected final MqttClient connect(String role, MessageInbox inbox) throws MqttException {
        return connectAs(clientId(role), true, inbox);
    }

    /** A Paho client shared by the tests of this class, for publishing only. */
    protected final MqttClient publisher() {
        return publisher;
    }

    private MqttClient connectAs(String id, boolean cleanSession, MessageInbox inbox) throws MqttException {
        MqttClient client = newClient(id, cleanSession, inbox);
        clients.add(client);
        return client;
    }

    private MqttClient newClient(String id, boolean cleanSession, MessageInbox inbox) throws MqttException {
        // Memory persistence: Paho's default writes files into the working directory.
        MqttClient client = new MqttClient(url, id, new MemoryPersistence());
        if (inbox != null) {
            client.setCallback(inbox);
        }
        client.connect(options(cleanSession));
        return client;
    }

    private static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(30);
        // Paho's own in-flight counter occasionally runs ahead of the acknowledgements in a long
        // synchronous publish loop and refuses with "Too many publishes in progress" although every
        // publish waited for its PUBACK; the window under test is the broker's, so Paho's is opened wide.
        options.setMaxInflight(65535);
        options.setSocketFactory(new NoDelaySocketFactory());
        return options;
    }

    protected static void subscribe(MqttClient client, String filter, int qos) throws MqttException {
        client.subscribe(filter, qos);
    }

    protected static void publish(MqttClient client, String topic, String text, int qos, boolean retained)
            throws MqttException {
        client.publish(topic, message(text, qos, retained));
    }

    private static MqttMessage message(String text, int qos, boolean retained) {
        MqttMessage message = new MqttMessage(text.getBytes(StandardCharsets.UTF_8));
        message.setQos(qos);
        message.setRetained(retained);
        return message;
    }
}
