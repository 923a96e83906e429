package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.accessctl.sim.broker.EmbeddedBroker;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.FreePort;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sim.doors}: several doors in one simulator, each its own controller (database, readers,
 * pins, MQTT client), sharing only the broker and the HTTP API; {@code /api/doors/{doorId}/…}
 * drives one door, the plain paths drive door-1, and {@code watch} without {@code --door}
 * follows them all.
 */
class SeveralDoorsTest {

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private EventWatcher mqtt;
    private SimulatedSite site;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        broker = new EmbeddedBroker("127.0.0.1", 0);
        broker.start();
        // Subscribed before the doors exist: their first events are not retained.
        mqtt = new EventWatcher(broker.url(), "accessctl/main/doors/+/events", "accessctl/main/doors/+/status");
        Properties p = new Properties();
        p.setProperty("sim.doors", "3");
        p.setProperty("db.path", dir.resolve("door.db").toString());
        p.setProperty("mqtt.url", broker.url());
        p.setProperty("sim.http.port", String.valueOf(FreePort.pick()));
        site = SimulatedSite.start(null, p);
        for (String door : List.of("door-1", "door-2", "door-3")) {
            mqtt.await("doors/" + door + "/status", r -> r.payload().equals("online"), Await.DEFAULT);
        }
    }

    @AfterEach
    void stop() {
        if (site != null) {
            site.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eachDoorIsItsOwnControllerAddressedByItsPath() throws Exception {
        assertEquals(List.of("door-1", "door-2", "door-3"), site.doors().stream().map(SimulatedDoor::id).toList());
        Set<Path> databases = new HashSet<>();
        Set<String> readers = new HashSet<>();
        for (SimulatedDoor d : site.doors()) {
            databases.add(d.config().dbPath());
            readers.add(d.reader("entry").devicePath());
            assertTrue(Files.exists(d.config().dbPath()), d.config().dbPath().toString());
        }
        assertEquals(3, databases.size(), "a database each");
        assertEquals(3, readers.size(), "readers of their own");
        assertEquals(dir.resolve("door-2").resolve("door.db"), site.door("door-2").orElseThrow().config().dbPath());

        // Only door-2 may admit P-002; the record reaches every door through the one broker.
        mqtt.publish("accessctl/main/personnel/P-002", "{\"personId\":\"P-002\",\"name\":\"Two\",\"badgeUid\":"
                + "\"0A00000002\",\"roles\":[\"access\"],\"active\":true,\"doors\":[\"door-2\"]}", true);
        Await.until(Duration.ofSeconds(20), () -> site.doors().stream().allMatch(d -> stored(d, "P-002")),
                () -> "the record stored by every door");

        post("/api/doors/door-2/readers/entry/tap", "{\"uid\":\"0A00000002\"}", 200);
        Map<String, Object> granted = mqtt.awaitEvent("access_granted", Map.of("personId", "P-002"));
        assertEquals("door-2", granted.get("door"));
        Await.until(Duration.ofSeconds(10), () -> get("/api/doors/door-2/state", 200).contains("\"lock\":\"unlocked\""),
                () -> "door-2 unlocked");
        assertTrue(get("/api/state", 200).contains("\"lock\":\"locked\""), "the plain path is door-1, still locked");
        assertTrue(get("/api/doors/door-3/state", 200).contains("\"lock\":\"locked\""));

        post("/api/readers/entry/tap", "{\"uid\":\"0A00000002\"}", 200); // door-1
        Map<String, Object> denied = mqtt.awaitEvent("access_denied", Map.of("door", "door-1"));
        assertEquals("wrong_door", denied.get("reason"));

        post("/api/doors/door-3/door/open", "{}", 200);
        assertEquals("door-3", mqtt.awaitEvent("door_opened").get("door"));
        post("/api/doors/door-3/clock/advance", "{\"seconds\":5}", 200);
        assertNotEquals(site.door("door-3").orElseThrow().clock().offset(), site.doors().get(0).clock().offset(),
                "each door has its own clock");

        assertTrue(get("/api/doors", 200).contains("[\"door-1\",\"door-2\",\"door-3\"]"));
        get("/api/doors/door-9/state", 404);
        get("/api/doors/door-2/nothing", 404);
        String panel = get("/api/panel", 200);
        for (String d : List.of("door-1", "door-2", "door-3")) {
            assertTrue(panel.contains("\"api\":\"/api/doors/" + d + "\""), panel);
        }
    }

    @Test
    void watchWithoutADoorFollowsTheWholeSite() throws Exception {
        Path config = dir.resolve("operator.properties");
        Files.writeString(config, "mqtt.url = " + broker.url() + "\n");
        ToolRun watch = ToolRun.start("watch", "--config", config.toString(), "--limit", "3");
        Await.until(Duration.ofSeconds(20), () -> watch.err().contains("watch: following"),
                () -> "watch to subscribe; stderr: " + watch.err());
        assertTrue(watch.err().contains("accessctl/main/doors/+/events"), watch.err());

        for (String d : List.of("door-3", "door-1", "door-2")) {
            post("/api/doors/" + d + "/readers/entry/tap", "{\"uid\":\"FFFFFFFFFF\"}", 200);
            mqtt.awaitEvent("access_denied", Map.of("door", d));
        }
        assertEquals(0, watch.status(), watch.err());
        List<String> lines = watch.out().lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("  door-3  access_denied"), lines.get(0));
        assertTrue(lines.get(1).contains("  door-1  access_denied"), lines.get(1));
        assertTrue(lines.get(2).contains("  door-2  access_denied"), lines.get(2));
    }

    private static boolean stored(SimulatedDoor door, String personId) {
        try (DoorRecords records = new DoorRecords(door.config().dbPath())) {
            return records.person(personId).isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    private String get(String path, int expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(expected, r.statusCode(), path + ": " + r.body());
            return r.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private void post(String path, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, r.statusCode(), path + ": " + r.body());
    }

    private String base() {
        return "http://127.0.0.1:" + site.httpPort();
    }
}
