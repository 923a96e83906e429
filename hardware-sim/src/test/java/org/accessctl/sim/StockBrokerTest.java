package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accessctl.mqtt.DirectoryIndex;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.TcpProxy;
import org.accessctl.testing.ToolRun;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door against Mosquitto as a site runs it: its default configuration, which queues at most
 * 1,000 QoS 1 messages (and 20 in flight) for a client and drops the rest. The door reaches it
 * through a proxy the test can cut; the test's watcher subscribes before the door starts.
 */
class StockBrokerTest {

    static final String P = "accessctl/main/";
    static final String EVENTS = P + "doors/door-1/events";

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private TcpProxy network;
    private EventWatcher w;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoProcess.start();
        network = new TcpProxy(broker.port());
        network.open();
        w = new EventWatcher(broker.url(), EVENTS, P + "doors/door-1/commands/results");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        w.close();
        network.close();
        broker.close();
    }

    private Simulator door() throws Exception {
        Simulator sim = Simulator.withBroker(dir, "tcp://127.0.0.1:" + network.port());
        toClose.add(sim);
        return sim;
    }

    private static String badge(int i) {
        return String.format("AB%08X", i);
    }

    private static String person(int i) {
        return Simulator.staff(String.format("P-%05d", i), badge(i), "\"access\"", true);
    }

    @Test
    void theWholeDirectoryArrivesAndOnlyWhatWasDeletedUpstreamIsSwept() throws Exception {
        try (Publisher up = new Publisher(broker.url())) {
            for (int i = 0; i < 5_000; i++) {
                up.retain(P + String.format("personnel/P-%05d", i), person(i), 1);
            }
            for (int i = 0; i < 2_000; i++) {
                up.retain(P + "visits/V-" + i, Simulator.visit("V-" + i, String.format("CD%08X", i), "approved", -5, 60, ""), 1);
            }
            up.await();
            Simulator sim = door();
            Map<String, Object> synced = w.awaitEvent("sync_completed", Map.of(), Duration.ofSeconds(60));
            assertEquals(5_000L, ((Number) synced.get("personsSeen")).longValue(), "every person, not 1,020 of them");
            assertEquals(2_000L, ((Number) synced.get("visitsSeen")).longValue());
            assertEquals(0L, ((Number) synced.get("personsRemoved")).longValue());

            // While the door is away, upstream deletes 300 persons at QoS 0 and 200 at QoS 1.
            network.cut();
            for (int i = 0; i < 500; i++) {
                up.retain(P + String.format("personnel/P-%05d", i * 10), "", i < 300 ? 0 : 1);
            }
            up.await();
            network.open();
            Map<String, Object> again = w.awaitEvent("sync_completed", Map.of("personsRemoved", 500L), Duration.ofSeconds(60));
            assertEquals(4_500L, ((Number) again.get("personsSeen")).longValue());
            assertEquals(0L, ((Number) again.get("visitsRemoved")).longValue());

            sim.advance(5);
            sim.tap("entry", badge(10));
            assertEquals("unknown_badge", w.awaitEvent("access_denied", Map.of("badgeUid", badge(10))).get("reason"));
            sim.advance(5);
            sim.tap("entry", badge(4_999));
            w.awaitEvent("access_granted", Map.of("personId", "P-04999"));
        }
    }

    @Test
    void aNewDoorLearnsAHundredThousandPersonsAndAHundredThousandVisitsAndLaterOnlyTheDeletions() throws Exception {
        // Far more than the 1,000 messages Mosquitto queues for a client: the whole set arrives
        // only if the door reads the broker's burst as fast as it comes.
        int each = 100_000;
        try (Publisher up = new Publisher(broker.url())) {
            for (int i = 0; i < each; i++) {
                up.retain(P + String.format("personnel/P-%06d", i), Simulator.staff(String.format("P-%06d", i),
                        badge(i), "\"access\"", true), 1);
                up.retain(P + "visits/V-" + i, Simulator.visit("V-" + i, String.format("CD%08X", i), "approved", -5, 600, ""), 1);
            }
            up.await();
            Simulator sim = door();
            Map<String, Object> synced = w.awaitEvent("sync_completed", Map.of(), Duration.ofSeconds(300));
            assertEquals((long) each, ((Number) synced.get("personsSeen")).longValue(), synced.toString());
            assertEquals((long) each, ((Number) synced.get("visitsSeen")).longValue(), synced.toString());

            // While the door is away, upstream deletes 1,000 persons (half at QoS 0, half at QoS 1) and 1,000 visits.
            network.cut();
            for (int i = 0; i < 1_000; i++) {
                up.retain(P + String.format("personnel/P-%06d", i * 97), "", i % 2);
                up.retain(P + "visits/V-" + (i * 89), "", 1);
            }
            up.await();
            network.open();
            Map<String, Object> again = w.awaitEvent("sync_completed", Map.of("personsRemoved", 1_000L),
                    Duration.ofSeconds(300));
            assertEquals(each - 1_000L, ((Number) again.get("personsSeen")).longValue(), again.toString());
            assertEquals(1_000L, ((Number) again.get("visitsRemoved")).longValue(), again.toString());

            sim.advance(5);
            sim.tap("entry", badge(97));
            assertEquals("unknown_badge", w.awaitEvent("access_denied", Map.of("badgeUid", badge(97))).get("reason"));
            sim.advance(5);
            sim.tap("entry", badge(each - 1));
            w.awaitEvent("access_granted", Map.of("personId", String.format("P-%06d", each - 1)));
        }
    }

    @Test
    void aDoorBehindASlowLinkLearnsTheWholeDirectoryByNameFromItsIndex() throws Exception {
        // Over a real network the broker makes its burst faster than the link carries it: past
        // its socket's buffer and 1,000 queued packets, Mosquitto drops the rest. Here the link
        // stalls after the handshake until the broker says it dropped, then carries on. The door
        // learns the names from the directory's index and asks for what the burst lost.
        int count = 50_000; // more than Mosquitto's socket buffer (up to 4 MiB) holds
        TcpProxy link = TcpProxy.stalling(broker.port(), 16 * 1024);
        toClose.add(link);
        link.open();
        try (Publisher up = new Publisher(broker.url())) {
            Map<String, List<String>> pages = new java.util.TreeMap<>();
            for (int i = 0; i < count; i++) {
                String id = String.format("P-%05d", i);
                up.retain(P + "personnel/" + id, person(i), 0);
                pages.computeIfAbsent(DirectoryIndex.bucket(id), b -> new ArrayList<>()).add(id);
            }
            // At QoS 1 after the records: the broker handles one connection's messages in order.
            for (Map.Entry<String, List<String>> page : pages.entrySet()) {
                up.retain(DirectoryIndex.pageTopic(P + "personnel/", page.getKey()),
                        new String(DirectoryIndex.encode(page.getValue()), StandardCharsets.UTF_8), 1);
            }
            up.await();
            Simulator sim = Simulator.withBroker(dir, "tcp://127.0.0.1:" + link.port());
            toClose.add(sim);
            Await.until(Duration.ofSeconds(60),
                    () -> broker.logText().contains("Outgoing messages are being dropped for client door-"),
                    () -> "the broker dropping part of the door's burst:\n" + broker.logText());
            link.release();
            Map<String, Object> synced = w.awaitEvent("sync_completed", Map.of(), Duration.ofSeconds(300));
            assertEquals((long) count, ((Number) synced.get("personsSeen")).longValue(), synced.toString());
            assertEquals(0L, ((Number) synced.get("personsRemoved")).longValue(), synced.toString());
            assertTrue(((Number) synced.get("recoveredByName")).longValue() > 0, synced.toString());

            sim.advance(5);
            sim.tap("entry", badge(count - 1));
            w.awaitEvent("access_granted", Map.of("personId", String.format("P-%05d", count - 1)));
        }
    }

    @Test
    void oneBadRecordIsRefusedAloneAndItsBatchCarriesOn() throws Exception {
        try (Publisher up = new Publisher(broker.url())) {
            for (int i = 0; i < 300; i++) {
                up.retain(P + String.format("personnel/P-%05d", i), person(i), 1);
            }
            for (int i = 0; i < 2_000; i++) {
                String visit = Simulator.visit("V-" + i, String.format("CD%08X", i), "approved", -5, 60, "");
                if (i == 1_000) {
                    visit = visit.replaceFirst("\"validUntil\":\"[^\"]*\"", "\"validUntil\":\"+999999999-12-31T23:59:59Z\"");
                }
                up.retain(P + "visits/V-" + i, visit, 1);
            }
            up.await();
            Simulator sim = door();
            Map<String, Object> rejected = w.awaitEvent("record_rejected", Map.of("topic", P + "visits/V-1000"),
                    Duration.ofSeconds(60));
            assertTrue(((String) rejected.get("reason")).contains("validUntil"), rejected.toString());
            Map<String, Object> synced = w.awaitEvent("sync_completed", Map.of(), Duration.ofSeconds(60));
            assertEquals(300L, ((Number) synced.get("personsSeen")).longValue());
            assertEquals(1_999L, ((Number) synced.get("visitsSeen")).longValue());

            network.cut();
            network.open();
            Map<String, Object> again = w.awaitEvent("sync_completed", Map.of("visitsSeen", 1_999L, "personsSeen", 300L),
                    Duration.ofSeconds(60));
            assertEquals(0L, ((Number) again.get("personsRemoved")).longValue());
            sim.advance(5);
            sim.tap("entry", badge(7));
            w.awaitEvent("access_granted", Map.of("personId", "P-00007"));
        }
    }

    @Test
    void aCommandPublishedWhileTheDoorWasAwayIsRefusedAndNeverActs() throws Exception {
        String publicKey = ToolRun.run("keygen", "--person", "P-001", "--out", dir.resolve("keys").toString()).ok().lines().findFirst().orElseThrow().trim();
        w.publish(P + "personnel/P-001", "{\"personId\":\"P-001\",\"name\":\"Operator One\",\"badgeUid\":\"0A1B2C3D4E\","
                + "\"roles\":[\"access\",\"operator\"],\"active\":true,\"publicKey\":\"" + publicKey + "\"}", true);
        Simulator sim = door();
        w.awaitEvent("sync_completed", Map.of("personsSeen", 1L), Duration.ofSeconds(30));

        // A door of an earlier version left a persistent session behind; the door is cut off; an
        // operator's tool publishes an unlock, once live and once retained, and gives up.
        leaveSession("door-main-door-1", P + "doors/door-1/commands");
        network.cut();
        String token = ToolRun.run("sign", "--key", dir.resolve("keys").resolve("P-001.key").toString(), "--kid", "P-001",
                "--door", "door-1", "--cmd", "unlock", "--reason", "Vendor at the door", "--ttl", "120").out().trim();
        w.publish(P + "doors/door-1/commands", token, false);
        w.publish(P + "doors/door-1/commands", token, true);
        network.open();

        Map<String, Object> refused = w.awaitEvent("command_rejected", Map.of("reason", "retained"), Duration.ofSeconds(45));
        assertTrue(refused.get("jti") != null);
        w.await("/commands/results", r -> r.payload().contains("\"reason\":\"retained\""), Duration.ofSeconds(10));
        // Everything that reached the door before this badge has been handled by the time it is answered.
        sim.advance(5);
        sim.tap("entry", "FFFFFFFFFF");
        w.awaitEvent("access_denied", Map.of("badgeUid", "FFFFFFFFFF"));
        assertTrue(w.events().stream().noneMatch(e -> "command_accepted".equals(e.get("type"))), "acted on a late command");
        assertEquals("low", sim.state().get("relay"));
    }

    @Test
    void aBrokerRestartedWithItsStoreIsTrustedEvenWhenUpstreamDeletedEveryone() throws Exception {
        w.close();
        broker.close();
        broker = MosquittoProcess.startPersistent();
        network.close();
        network = new TcpProxy(broker.port());
        network.open();
        w = new EventWatcher(broker.url(), EVENTS);
        for (int i = 0; i < 20; i++) {
            w.publish(P + String.format("personnel/P-%05d", i), person(i), true);
        }
        Simulator sim = door();
        w.awaitEvent("sync_completed", Map.of("personsSeen", 20L), Duration.ofSeconds(30));

        network.cut();
        w.close();
        broker.stop(); // a clean stop saves the store, the door's retained sign of its sync with it
        broker.restart();
        w = new EventWatcher(broker.url(), EVENTS);
        for (int i = 0; i < 20; i++) {
            w.publish(P + String.format("personnel/P-%05d", i), "", true);
        }
        network.open();
        // No records at all, but the broker kept its store: the truth, so everyone is removed.
        w.awaitEvent("sync_completed", Map.of("personsSeen", 0L, "personsRemoved", 20L), Duration.ofSeconds(45));
        sim.advance(5);
        sim.tap("entry", badge(3));
        assertEquals("unknown_badge", w.awaitEvent("access_denied", Map.of("badgeUid", badge(3))).get("reason"));
    }

    @Test
    void aDeactivationBehindAFloodOfJunkCommandsStillReachesTheDoorAndTheLogStaysSmall() throws Exception {
        w.publish(P + "personnel/P-00001", person(1), true);
        w.publish(P + "personnel/P-00002", person(2), true);
        Simulator sim = door();
        w.awaitEvent("sync_completed", Map.of("personsSeen", 2L), Duration.ofSeconds(30));
        try (Publisher flood = new Publisher(broker.url())) {
            for (int i = 0; i < 30_000; i++) {
                if (i == 15_000) {
                    w.publish(P + "personnel/P-00001", person(1).replace("\"active\":true", "\"active\":false"), true);
                }
                flood.publish(P + "doors/door-1/commands", "junk." + i + ".token", 1);
            }
        }
        // The deactivation was not dropped behind the flood: the badge is refused.
        sim.advance(5);
        sim.tap("entry", badge(1));
        assertEquals("inactive", w.awaitEvent("access_denied", Map.of("badgeUid", badge(1)), Duration.ofSeconds(30)).get("reason"));
        sim.advance(5);
        sim.tap("entry", badge(2));
        w.awaitEvent("access_granted", Map.of("personId", "P-00002"));
        long logged = w.events().stream().filter(e -> "command_rejected".equals(e.get("type"))).count();
        assertTrue(logged <= 20, "refusals logged one by one up to 20 a minute, not " + logged);
    }

    /** Connects as {@code clientId} with a persistent session subscribed to {@code topic}, and leaves. */
    private void leaveSession(String clientId, String topic) throws Exception {
        var c = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(), clientId + "", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        c.connect(o);
        c.subscribe(topic, 1);
        c.disconnect();
        c.close();
    }

    /** Publishes many retained records quickly, as a directory system would, and waits for the broker. */
    static final class Publisher implements AutoCloseable {
        private final MqttAsyncClient client;
        private final List<IMqttToken> pending = new ArrayList<>();

        Publisher(String url) throws Exception {
            client = new MqttAsyncClient(url, "directory-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1_000);
            client.connect(o).waitForCompletion(10_000);
        }

        void retain(String topic, String payload, int qos) throws Exception {
            send(topic, payload, qos, true);
        }

        void publish(String topic, String payload, int qos) throws Exception {
            send(topic, payload, qos, false);
        }

        private void send(String topic, String payload, int qos, boolean retained) throws Exception {
            if (pending.size() >= 500) {
                await();
            }
            pending.add(client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained));
        }

        void await() throws Exception {
            for (IMqttToken t : pending) {
                t.waitForCompletion(10_000);
            }
            pending.clear();
        }

        @Override
        public void close() throws Exception {
            await();
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
