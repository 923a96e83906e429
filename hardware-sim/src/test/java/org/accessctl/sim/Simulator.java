package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.accessctl.json.Json;
import org.accessctl.sim.broker.EmbeddedBroker;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.FreePort;

/**
 * A simulator started in the test's process, used only from the outside: its HTTP control API
 * and the MQTT broker, as a technician or the upstream system would.
 */
final class Simulator implements AutoCloseable {

    private static final AtomicInteger BARRIERS = new AtomicInteger();

    final SimulatedDoor door;
    final EventWatcher mqtt;
    private final EmbeddedBroker broker;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private boolean doorStopped;

    private Simulator(SimulatedDoor door, EventWatcher mqtt, EmbeddedBroker broker) {
        this.door = door;
        this.mqtt = mqtt;
        this.broker = broker;
        this.base = "http://127.0.0.1:" + door.httpPort();
    }

    /**
     * Starts a simulator on free ports with its database in {@code dir}; extra keys as "key=value".
     * Its broker is a fresh embedded one, as the simulator program's own would be, started here
     * with the watcher subscribed before the door exists: events are not retained, so a watcher
     * that subscribed after the door's first connect could miss what the door published then
     * ({@code controller_started}, {@code sync_completed} or {@code sync_refused}).
     */
    static Simulator start(Path dir, String... settings) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker("127.0.0.1", 0);
        EventWatcher watcher = null;
        SimulatedDoor door = null;
        try {
            broker.start();
            watcher = new EventWatcher(broker.url(), "accessctl/main/doors/door-1/#");
            String[] all = Arrays.copyOf(settings, settings.length + 1);
            all[settings.length] = "mqtt.url=" + broker.url();
            door = SimulatedDoor.start(null, properties(dir, all));
            Simulator sim = new Simulator(door, watcher, broker);
            sim.awaitReady();
            return sim;
        } catch (Exception | AssertionError e) {
            if (door != null) {
                door.close();
            }
            if (watcher != null) {
                watcher.close();
            }
            broker.close();
            throw e;
        }
    }

    /**
     * Starts a simulator that talks to the broker at {@code url}, observed by a watcher the caller
     * makes, and subscribes, before calling this.
     */
    static Simulator withBroker(Path dir, String url, String... settings) throws Exception {
        String[] all = java.util.Arrays.copyOf(settings, settings.length + 1);
        all[settings.length] = "mqtt.url=" + url;
        SimulatedDoor door = SimulatedDoor.start(null, properties(dir, all));
        Simulator sim = new Simulator(door, null, null);
        assertTrue(sim.get("/api/state").statusCode() == 200);
        return sim;
    }

    /** Starts a simulator whose broker is unreachable: no watcher, and it is never "online". */
    static Simulator withoutBroker(Path dir, String unreachableUrl) throws Exception {
        SimulatedDoor door = SimulatedDoor.start(null, properties(dir, "mqtt.url=" + unreachableUrl));
        Simulator sim = new Simulator(door, null, null);
        assertTrue(sim.get("/api/state").statusCode() == 200);
        return sim;
    }

    private static Properties properties(Path dir, String... settings) {
        Properties p = new Properties();
        p.setProperty("db.path", dir.resolve("door.db").toString());
        p.setProperty("sim.http.port", String.valueOf(FreePort.pick()));
        for (String s : settings) {
            int eq = s.indexOf('=');
            p.setProperty(s.substring(0, eq), s.substring(eq + 1));
        }
        return p;
    }

    /** Ready as the contract defines it: the API answers and {@code status} says online. */
    private void awaitReady() throws Exception {
        assertTrue(get("/api/state").statusCode() == 200);
        mqtt.await("/status", r -> r.payload().equals("online"), Await.DEFAULT);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST that must succeed. */
    Map<String, Object> call(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, body);
        assertTrue(r.statusCode() / 100 == 2, () -> path + " answered " + r.statusCode() + ": " + r.body());
        return json(r.body());
    }

    void tap(String reader, String uid) throws IOException, InterruptedException {
        call("/api/readers/" + reader + "/tap", "{\"uid\":\"" + uid + "\"}");
    }

    void raw(String reader, String hex) throws IOException, InterruptedException {
        call("/api/readers/" + reader + "/raw", "{\"hex\":\"" + hex + "\"}");
    }

    void advance(long seconds) throws IOException, InterruptedException {
        call("/api/clock/advance", "{\"seconds\":" + seconds + "}");
    }

    /** Steps the simulator's date only, either way; elapsed time runs on. */
    void step(long seconds) throws IOException, InterruptedException {
        call("/api/clock/step", "{\"seconds\":" + seconds + "}");
    }

    Map<String, Object> state() throws IOException, InterruptedException {
        return json(get("/api/state").body());
    }

    /** Waits until {@code GET /api/state} shows what is expected. */
    void awaitState(String what, Predicate<Map<String, Object>> expected) {
        Await.until(Duration.ofSeconds(10), () -> {
            try {
                return expected.test(state());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, () -> what + "; last state " + safeState());
    }

    private String safeState() {
        try {
            return get("/api/state").body();
        } catch (IOException | InterruptedException e) {
            return "unavailable";
        }
    }

    /**
     * Publishes a retained person record and waits until the door has applied it. The door
     * applies records in the order the broker delivers them, so a deliberately bad record sent
     * afterwards comes back as {@code record_rejected} only once the first one is stored.
     */
    void publishPerson(String personId, String json) throws Exception {
        mqtt.publish("accessctl/main/personnel/" + personId, json, true);
        barrier();
    }

    void publishVisit(String visitId, String json) throws Exception {
        mqtt.publish("accessctl/main/visits/" + visitId, json, true);
        barrier();
    }

    /** A visit record whose window runs from {@code fromMinutes} to {@code untilMinutes} from now. */
    static String visit(String visitId, String badge, String status, long fromMinutes, long untilMinutes, String escorts) {
        java.time.OffsetDateTime now = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return "{\"visitId\":\"" + visitId + "\",\"status\":\"" + status + "\",\"visitorName\":\"Budi\","
                + "\"organization\":\"Vendor X\",\"purpose\":\"Replace disk in storage array\",\"badgeUid\":\"" + badge
                + "\",\"validFrom\":\"" + now.plusMinutes(fromMinutes) + "\",\"validUntil\":\"" + now.plusMinutes(untilMinutes)
                + "\",\"escorts\":[" + escorts + "],\"doors\":[\"door-1\"],\"approvedBy\":\"P-100\","
                + "\"devices\":[{\"description\":\"Laptop\",\"serial\":\"ABC123\"}]}";
    }

    void deletePerson(String personId) throws Exception {
        mqtt.publish("accessctl/main/personnel/" + personId, "", true);
        barrier();
    }

    void barrier() throws Exception {
        String topic = "accessctl/main/personnel/barrier-" + BARRIERS.incrementAndGet();
        mqtt.publish(topic, "not json", false);
        mqtt.awaitEvent("record_rejected", Map.of("topic", topic));
    }

    static String staff(String personId, String badge, String roles, boolean active) {
        return "{\"personId\":\"" + personId + "\",\"name\":\"Staff " + personId + "\",\"badgeUid\":\"" + badge
                + "\",\"roles\":[" + roles + "],\"active\":" + active + "}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String body) {
        return (Map<String, Object>) Json.parse(body);
    }

    /** Stops the door (it publishes {@code controller_stopping}); the watcher and the broker stay. */
    void stopDoor() {
        if (!doorStopped) {
            doorStopped = true;
            door.close();
        }
    }

    @Override
    public void close() {
        stopDoor();
        if (mqtt != null) {
            mqtt.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
