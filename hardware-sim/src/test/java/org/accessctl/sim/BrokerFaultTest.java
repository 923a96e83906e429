package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door against a real Mosquitto when the network and the broker misbehave. The door reaches
 * the broker through a proxy the test can cut, so a subscriber can always be listening before
 * the door comes back, and nothing the door sends can slip past it.
 */
class BrokerFaultTest {

    static final String EVENTS = "accessctl/main/doors/door-1/events";
    static final String STAFF = "0A1B2C3D4E";

    @TempDir
    Path dir;

    /** The tests open and close the door far faster than a door moves; nothing bounces here. */
    private static final String FAST_DOOR = "timing.contactDebounceMillis=0";

    private MosquittoProcess broker;
    private TcpProxy network;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoProcess.start();
        network = new TcpProxy(broker.port());
        network.open();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        network.close();
        broker.close();
    }

    private <T extends AutoCloseable> T keep(T t) {
        toClose.add(t);
        return t;
    }

    private String doorUrl() {
        return "tcp://127.0.0.1:" + network.port();
    }

    private EventWatcher watcher() throws Exception {
        return keep(new EventWatcher(broker.url(), EVENTS, "accessctl/main/doors/door-1/state"));
    }

    private static long seq(Map<String, Object> e) {
        return ((Number) e.get("seq")).longValue();
    }

    /** Every seq from {@code from} to {@code to} arrived, first arrivals in order; repeats are allowed. */
    static void assertEverySeqInOrder(List<Map<String, Object>> events, long from, long to) {
        Set<Long> firsts = new LinkedHashSet<>();
        for (Map<String, Object> e : events) {
            firsts.add(seq(e));
        }
        List<Long> order = new ArrayList<>(firsts);
        order.removeIf(s -> s < from || s > to);
        List<Long> expected = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            expected.add(s);
        }
        assertEquals(expected, order, "every seq from " + from + " to " + to + ", in order");
    }

    private static void openAndClose(Simulator sim, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            sim.call("/api/door/open", "{}");
            sim.call("/api/door/close", "{}");
        }
    }

    /**
     * A last, recognisable event: the denial of a made-up badge. Returns its seq once it arrived.
     * After failed reconnects the door's next attempt may be up to its 30 s backoff away.
     */
    private static long finalMark(Simulator sim, EventWatcher w, int n) throws Exception {
        String badge = String.format("FF%08X", n);
        sim.tap("entry", badge);
        return seq(w.awaitEvent("access_denied", Map.of("badgeUid", badge), Duration.ofSeconds(45)));
    }

    @Test
    void eventsProducedWhileTheBrokerIsDownArriveInOrderOnceItIsBack() throws Exception {
        EventWatcher before = watcher();
        Simulator sim = keep(Simulator.withBroker(dir, doorUrl(), FAST_DOOR));
        before.await("/state", r -> true, Duration.ofSeconds(10)); // the door is online
        openAndClose(sim, 10);
        long beforeOutage = finalMark(sim, before, 1);

        network.cut();
        broker.stop();
        openAndClose(sim, 20); // committed, not deliverable
        broker.restart();
        EventWatcher after = watcher();
        openAndClose(sim, 5);
        network.open();
        long last = finalMark(sim, after, 2);

        List<Map<String, Object>> all = new ArrayList<>(before.events());
        all.addAll(after.events());
        assertEverySeqInOrder(all, 1 + before.events().stream().mapToLong(BrokerFaultTest::seq).min().orElse(1) - 1, last);
        assertTrue(last > beforeOutage + 50, "the outage's events are among them");
    }

    @Test
    void aBrokerThatLostItsRetainedRecordsDoesNotEmptyTheDoor() throws Exception {
        EventWatcher w = watcher();
        w.publish("accessctl/main/personnel/P-001", Simulator.staff("P-001", STAFF, "\"access\"", true), true);
        w.publish("accessctl/main/personnel/P-002", Simulator.staff("P-002", "2222222222", "\"access\"", true), true);
        Simulator sim = keep(Simulator.withBroker(dir, doorUrl(), FAST_DOOR));
        Map<String, Object> first = w.awaitEvent("sync_completed");
        assertEquals(2L, ((Number) first.get("personsSeen")).longValue());

        network.cut();
        broker.restart(); // no persistence: every retained record is gone
        EventWatcher after = watcher();
        network.open();
        Map<String, Object> refused = after.awaitEvent("sync_refused");
        assertEquals("the broker holds no records", refused.get("reason"));
        assertEquals(2L, ((Number) refused.get("personsStored")).longValue());

        sim.advance(5);
        sim.tap("entry", "2222222222");
        after.awaitEvent("access_granted", Map.of("personId", "P-002"));
    }

    @Test
    void deletionsMadeWhileTheDoorIsCutOffAreSweptWhenItIsBack() throws Exception {
        EventWatcher w = watcher();
        w.publish("accessctl/main/personnel/P-002", Simulator.staff("P-002", "2222222222", "\"access\"", true), true);
        Simulator sim = keep(Simulator.withBroker(dir, doorUrl(), FAST_DOOR));
        w.awaitEvent("sync_completed", Map.of("personsSeen", 1L));
        network.cut();
        w.publish("accessctl/main/personnel/P-002", "", true);
        network.open();
        // Nobody is left upstream; the broker shows the door's own sign of its last sync, so this is
        // the truth and not a broker that lost its store.
        w.awaitEvent("sync_completed", Map.of("personsSeen", 0L, "personsRemoved", 1L));
        sim.advance(5);
        sim.tap("entry", "2222222222");
        assertEquals("unknown_badge", w.awaitEvent("access_denied", Map.of("badgeUid", "2222222222")).get("reason"));
    }

    @Test
    void aPersonDeletedWhileTheDoorHadNoSessionIsSweptAtTheNextSync() throws Exception {
        EventWatcher w = watcher();
        w.publish("accessctl/main/personnel/P-001", Simulator.staff("P-001", STAFF, "\"access\"", true), true);
        w.publish("accessctl/main/personnel/P-002", Simulator.staff("P-002", "2222222222", "\"access\"", true), true);
        w.publish("accessctl/main/visits/V-1", Simulator.visit("V-1", "1122334455", "approved", -5, 60, ""), true);
        Simulator sim = Simulator.withBroker(dir, doorUrl(), FAST_DOOR);
        w.awaitEvent("sync_completed", Map.of("personsSeen", 2L));
        sim.close();

        // The broker forgets the door's session (as when it expires), and upstream deletes P-002
        // and the visit meanwhile: the retained messages are simply gone, nothing is queued.
        forgetSession("door-main-door-1");
        w.publish("accessctl/main/personnel/P-002", "", true);
        w.publish("accessctl/main/visits/V-1", "", true);

        sim = keep(Simulator.withBroker(dir, doorUrl(), FAST_DOOR));
        Map<String, Object> synced = w.awaitEvent("sync_completed", Map.of("personsRemoved", 1L));
        assertEquals(1L, ((Number) synced.get("visitsRemoved")).longValue());
        sim.advance(5);
        sim.tap("entry", "2222222222");
        assertEquals("unknown_badge", w.awaitEvent("access_denied", Map.of("badgeUid", "2222222222")).get("reason"));
        sim.tap("entry", STAFF);
        w.awaitEvent("access_granted", Map.of("personId", "P-001"));
    }

    /** Connecting with a clean session under a client id discards that id's session at the broker. */
    private void forgetSession(String clientId) throws Exception {
        org.eclipse.paho.client.mqttv3.MqttClient c = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(), clientId,
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o);
        c.disconnect();
        c.close();
    }

    @Test
    void anEventCommittedButNeverAcknowledgedIsDeliveredAfterAKillDashNine() throws Exception {
        EventWatcher w = watcher();
        DoorProcess door = DoorProcess.start(dir, doorUrl());
        Await.until(() -> w.received().stream().anyMatch(r -> r.topic().endsWith("/state")), "the door online");
        network.cut();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, door.post("/api/door/open", "{}"));
            assertEquals(200, door.post("/api/door/close", "{}"));
        }
        // The door logs before it acts: once the exit button's grant shows on the relay, every
        // event before it is committed. None was acknowledged: the network is cut. Kill it now.
        assertEquals(200, door.post("/api/rex", "{}"));
        Await.until(() -> {
            try {
                return door.state().contains("\"relay\":\"high\"");
            } catch (java.io.IOException e) {
                return false;
            }
        }, "the exit button's grant on the relay");
        door.kill();

        network.open();
        try (DoorProcess again = keep(DoorProcess.start(dir, doorUrl()))) {
            Map<String, Object> rex = w.awaitEvent("access_granted", Map.of("via", "rex"));
            long started = seq(w.awaitEvent("controller_started", Map.of()));
            assertEverySeqInOrder(w.events(), 1, seq(rex));
            assertTrue(w.events().stream().filter(e -> "door_opened".equals(e.get("type"))).count() >= 5);
            assertTrue(started >= 1);
        }
    }

    @Test
    void aFlappingConnectionLosesNothingAndDeadlocksNothing() throws Exception {
        flap(Duration.ofSeconds(12));
    }

    /** The long form, run with {@code mvn verify -Psoak}. */
    @Test
    @Tag("soak")
    void aFlappingConnectionForAMinute() throws Exception {
        flap(Duration.ofMinutes(1));
    }

    private void flap(Duration length) throws Exception {
        EventWatcher w = watcher();
        Simulator sim = keep(Simulator.withBroker(dir, doorUrl(), FAST_DOOR));
        w.await("/state", r -> true, Duration.ofSeconds(10));
        AtomicBoolean flapping = new AtomicBoolean(true);
        Thread toggler = new Thread(() -> {
            boolean up = true;
            while (flapping.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
                if (up) {
                    network.cut();
                } else {
                    network.open();
                }
                up = !up;
            }
            network.open();
        }, "flapper");
        toggler.start();
        long end = System.nanoTime() + length.toNanos();
        int actions = 0;
        while (System.nanoTime() < end) {
            openAndClose(sim, 1); // the door keeps answering: no deadlock
            actions++;
        }
        flapping.set(false);
        toggler.join();
        long last = finalMark(sim, w, 3);
        long first = w.events().stream().mapToLong(BrokerFaultTest::seq).min().orElseThrow();
        assertEverySeqInOrder(w.events(), first, last);
        assertTrue(actions > 10, "the door kept deciding while the link flapped: " + actions);
    }
}
