package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.accessctl.sim.broker.EmbeddedBroker;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton as a technician sees it: a simulated door driven only through the
 * simulator's HTTP API and the MQTT broker.
 */
class StaffDoorScenarioTest {

    private static final String BADGE = "0A1B2C3D4E";
    private static final String STAFF = Simulator.staff("P-001", BADGE, "\"access\",\"escort\"", true);

    @TempDir
    Path dir;

    private Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void staffBadgeOpensThenTheStrikeRelocksAfterStrikeSeconds() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", STAFF);

        sim.tap("entry", BADGE);
        Map<String, Object> granted = sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));
        assertEquals("in", granted.get("direction"));
        assertEquals("badge", granted.get("via"));
        sim.awaitState("relay high, green on", s -> s.get("relay").equals("high") && s.get("lock").equals("unlocked")
                && ((Map<?, ?>) s.get("leds")).get("green").equals("on"));

        sim.advance(4);
        sim.barrier(); // the loop has handled the clock's move before we look
        assertEquals("high", sim.state().get("relay"), "still released before strikeSeconds");
        sim.advance(1);
        sim.awaitState("relocked after 5 s", s -> s.get("relay").equals("low") && s.get("lock").equals("locked"));
        sim.mqtt.await("/state", r -> r.payload().contains("\"lock\":\"locked\"") && r.retained() == false, java.time.Duration.ofSeconds(5));
    }

    @Test
    void unknownBadgeIsDeniedWithRedLedAndBuzzer() throws Exception {
        sim = Simulator.start(dir);
        sim.tap("entry", "FFFFFFFFFF");
        Map<String, Object> denied = sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "FFFFFFFFFF"));
        assertEquals("unknown_badge", denied.get("reason"));
        assertEquals("in", denied.get("direction"));
        assertEquals("low", sim.state().get("relay"));
    }

    @Test
    void inactiveAndWrongDoorStaffAreDenied() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-002", Simulator.staff("P-002", "2222222222", "\"access\"", false));
        sim.publishPerson("P-003", "{\"personId\":\"P-003\",\"badgeUid\":\"3333333333\",\"roles\":[\"access\"],"
                + "\"active\":true,\"doors\":[\"door-7\"]}");
        sim.tap("entry", "2222222222");
        assertEquals("inactive", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "2222222222")).get("reason"));
        sim.tap("entry", "3333333333");
        assertEquals("wrong_door", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "3333333333")).get("reason"));
    }

    @Test
    void corruptFramesProduceNoRead() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", STAFF);
        long before = lastSeq(sim.mqtt);
        // Bad checksum, too short, missing end, stray bytes, a frame cut by a new start byte.
        sim.raw("entry", "02" + hex("0A1B2C3D4E") + hex("00") + "03");
        sim.raw("entry", "02" + hex("0A1B2C") + "03");
        sim.raw("entry", "02" + hex("0A1B2C3D4E") + hex("3A"));
        sim.raw("entry", "FF00417A0D0A");
        sim.raw("entry", "02" + hex("0A1B2C") + "02" + hex("0A1B2C3D4E") + hex("3A") + "FF03");
        // Then one good frame of an unknown badge: the next access event must be its denial.
        sim.tap("entry", "FFFFFFFFFF");
        Map<String, Object> denied = sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "FFFFFFFFFF"));
        List<Map<String, Object>> access = sim.mqtt.events().stream()
                .filter(e -> ((Number) e.get("seq")).longValue() > before)
                .filter(e -> e.get("type").toString().startsWith("access_")).toList();
        assertEquals(List.of(denied), access, "no read came out of the corrupt frames");
        assertEquals("low", sim.state().get("relay"));
    }

    @Test
    void forcedDoorRaisesAnAlarmWithTheBuzzerUntilItCloses() throws Exception {
        sim = Simulator.start(dir);
        sim.call("/api/door/open", "{}");
        sim.mqtt.awaitEvent("door_opened");
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "door_forced_open"));
        sim.awaitState("buzzer and red LED on", s -> s.get("buzzer").equals("on")
                && ((Map<?, ?>) s.get("leds")).get("red").equals("on") && s.get("door").equals("open"));
        sim.mqtt.await("/state", r -> r.payload().contains("door_forced_open"), java.time.Duration.ofSeconds(5));

        sim.call("/api/door/close", "{}");
        sim.mqtt.awaitEvent("door_closed");
        sim.mqtt.awaitEvent("alarm_cleared", Map.of("alarm", "door_forced_open"));
        sim.awaitState("buzzer off", s -> s.get("buzzer").equals("off") && s.get("door").equals("closed"));
    }

    @Test
    void doorHeldOpenAfterAGrantAlarms() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", STAFF);
        sim.tap("entry", BADGE);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));
        sim.call("/api/door/open", "{}");
        sim.mqtt.awaitEvent("door_opened");
        sim.advance(31);
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "door_held_open"));
        sim.awaitState("buzzer on", s -> s.get("buzzer").equals("on"));
        sim.call("/api/door/close", "{}");
        sim.mqtt.awaitEvent("alarm_cleared", Map.of("alarm", "door_held_open"));
        assertTrue(sim.mqtt.events().stream().noneMatch(e -> "door_forced_open".equals(e.get("alarm"))),
                "an opening after a grant is not forced");
    }

    @Test
    void exitButtonOpensTheDoor() throws Exception {
        sim = Simulator.start(dir);
        sim.call("/api/rex", "{}");
        Map<String, Object> granted = sim.mqtt.awaitEvent("access_granted", Map.of("via", "rex"));
        assertEquals("out", granted.get("direction"));
        sim.awaitState("relay high", s -> s.get("relay").equals("high"));
    }

    @Test
    void recordsAreValidatedAndDeletedByZeroLengthPayloads() throws Exception {
        sim = Simulator.start(dir);
        sim.mqtt.publish("accessctl/main/personnel/P-009", "{\"personId\":\"P-009\",\"active\":\"yes\"}", true);
        Map<String, Object> rejected = sim.mqtt.awaitEvent("record_rejected",
                Map.of("topic", "accessctl/main/personnel/P-009"));
        assertEquals("field \"active\": expected true or false, got a string", rejected.get("reason"));

        sim.publishPerson("P-001", STAFF);
        sim.tap("entry", BADGE);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));
        sim.deletePerson("P-001");
        sim.advance(5);
        sim.tap("entry", BADGE);
        assertEquals("unknown_badge", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", BADGE)).get("reason"));
    }

    @Test
    void afterARestartOnTheSameDatabaseTheBadgeStillOpensAndSeqContinues() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", STAFF);
        sim.tap("entry", BADGE);
        long firstGrant = seq(sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001")));
        sim.close();

        // A fresh embedded broker: it knows nothing of P-001; the door's local copy does.
        sim = Simulator.start(dir);
        sim.tap("entry", BADGE);
        Map<String, Object> again = sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));
        // The fresh broker holds no records: the door keeps its local copy and says so.
        Map<String, Object> refused = sim.mqtt.awaitEvent("sync_refused");
        assertEquals(1L, ((Number) refused.get("personsStored")).longValue());
        // controller_stopping, controller_started and sync_refused lie between the two grants.
        assertEquals(firstGrant + 4, seq(again) + (seq(refused) > seq(again) ? 1 : 0), "seq continues across the restart");
        sim.awaitState("relay high", s -> s.get("relay").equals("high"));
    }

    @Test
    void withTheBrokerGoneTheDoorKeepsDecidingAndPublishesInOrderOnceItIsBack() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", STAFF);
        sim.stopDoor();
        long lastPublished = seq(sim.mqtt.awaitEvent("controller_stopping"));
        sim.close();
        sim = null;

        // The door reaches its broker through a proxy that is cut: the network is down.
        try (EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
             TcpProxy network = startBroker(broker);
             Simulator offline = Simulator.withoutBroker(dir, "tcp://127.0.0.1:" + network.port());
             EventWatcher watcher = new EventWatcher(broker.url(), "accessctl/main/doors/door-1/events")) {
            offline.tap("entry", BADGE);
            offline.awaitState("admitted without a broker", s -> s.get("relay").equals("high"));
            offline.tap("entry", "FFFFFFFFFF");

            network.open();
            watcher.awaitEvent("access_denied", Map.of("badgeUid", "FFFFFFFFFF"));
            List<Long> seqs = watcher.events().stream().map(StaffDoorScenarioTest::seq).toList();
            assertEquals(lastPublished + 1, seqs.get(0),
                    "delivery resumes right after the last acknowledged event: " + seqs);
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "events arrive in seq order without gaps: " + seqs);
            }
            assertTrue(watcher.events().stream().anyMatch(e -> "P-001".equals(e.get("personId"))));
        }
    }

    private static TcpProxy startBroker(EmbeddedBroker broker) throws Exception {
        broker.start();
        return new TcpProxy(broker.port());
    }

    @Test
    void badRequestsGetA4xxWithAnError() throws Exception {
        sim = Simulator.start(dir);
        assertError(sim.post("/api/readers/side/tap", "{\"uid\":\"0A1B2C3D4E\"}"), 404, "no reader 'side'");
        assertError(sim.post("/api/readers/entry/tap", "{\"uid\":\"XYZ\"}"), 400, "10 hex digits");
        assertError(sim.post("/api/readers/entry/tap", "{\"uid\":"), 400, "not a JSON object");
        assertError(sim.post("/api/readers/entry/tap", "{}"), 400, "uid");
        assertError(sim.post("/api/readers/entry/raw", "{\"hex\":\"0G\"}"), 400, "hex");
        assertError(sim.post("/api/clock/advance", "{\"seconds\":-1}"), 400, "seconds");
        assertError(sim.get("/api/door/open"), 405, "use POST");
        assertError(sim.post("/api/nothing", "{}"), 404, "no such resource");
        assertError(sim.post("/api/readers/entry/tap", "x".repeat(70_000)), 413, "over");
        java.net.http.HttpResponse<String> foreign = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + sim.door.httpPort() + "/api/rex"))
                        .header("Origin", "http://evil.example").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertError(foreign, 403, "not accepted");
        assertEquals(200, sim.get("/").statusCode());
        assertTrue(sim.get("/").body().contains("Door simulator"));
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment) {
        assertEquals(status, r.statusCode(), r.body());
        String error = (String) Simulator.json(r.body()).get("error");
        assertTrue(error.contains(fragment), error);
    }

    private static long seq(Map<String, Object> event) {
        return ((Number) event.get("seq")).longValue();
    }

    private static long lastSeq(EventWatcher w) {
        return w.events().stream().mapToLong(StaffDoorScenarioTest::seq).max().orElse(0);
    }

    private static String hex(String ascii) {
        StringBuilder sb = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            sb.append(String.format("%02X", (int) c));
        }
        return sb.toString();
    }

}
