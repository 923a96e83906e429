package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.FreePort;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.TcpProxy;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A site bridged to a centre, as docs/bridging.md sets it up: two real Mosquittos, the site's
 * with the guide's own {@code connection} block (read from the page), its link to the centre
 * through a proxy the test can cut, and two doors on the site broker. Records published at the
 * centre reach the doors; every door's events reach the centre in order; a door decides while the
 * bridge is cut; a deletion and a revocation made centrally during the cut reach the doors once
 * it is back. Every wait is on a condition (a message, a stored record), never a sleep.
 */
class BridgedSiteTest {

    private static final String CENTRE = "hq/sites/main/";
    private static final String BRIDGE_STATE = "$SYS/broker/connection/bridge-site-main/state";
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private MosquittoProcess central;
    private TcpProxy link;
    private MosquittoProcess site;
    private EventWatcher atCentre;
    private EventWatcher atSite;
    private SimulatedSite doors;
    private final HttpClient http = HttpClient.newHttpClient();
    private int stateMessagesSeen;

    @BeforeEach
    void start() throws Exception {
        central = MosquittoProcess.start();
        link = new TcpProxy(central.port());
        link.open();
        atCentre = new EventWatcher(central.url(), CENTRE + "doors/+/events");
        site = MosquittoProcess.startWith("\n" + guideBridge("127.0.0.1:" + link.port()));
        atSite = new EventWatcher(site.url(), "accessctl/main/doors/+/events", "accessctl/main/doors/+/status",
                BRIDGE_STATE);
        awaitBridge("1");
        Properties p = new Properties();
        p.setProperty("sim.doors", "2");
        p.setProperty("mqtt.url", site.url());
        p.setProperty("db.path", dir.resolve("door.db").toString());
        p.setProperty("sim.http.port", String.valueOf(FreePort.pick()));
        p.setProperty("ha.discovery", "false");
        doors = SimulatedSite.start(null, p);
        for (String d : List.of("door-1", "door-2")) {
            atSite.await("doors/" + d + "/status", r -> r.payload().equals("online"), LONG);
        }
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {doors, atSite, site, atCentre, link, central}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    @Test
    void recordsInEventsOutAndTheDoorsRideOutACutBridge() throws Exception {
        publishCentrally("P-001", staff("P-001", "0A00000001", true));
        publishCentrally("P-002", staff("P-002", "0A00000002", true));
        publishCentrally("P-003", staff("P-003", "0A00000003", true));
        awaitAtEveryDoor("the centre's records stored", d -> holds(d, "P-001") && holds(d, "P-002") && holds(d, "P-003"));

        decided("door-1", "0A00000001", "access_granted", Map.of("personId", "P-001"));
        atCentre.awaitEvent("access_granted", Map.of("door", "door-1", "personId", "P-001"), LONG);

        cutAndRestore(1);

        eventsReachedTheCentreInOrder();
    }

    /** Many cuts, each with changes on both sides while the bridge is down. */
    @Test
    @Tag("soak")
    void manyCutsInARow() throws Exception {
        publishCentrally("P-001", staff("P-001", "0A00000001", true));
        for (int round = 1; round <= 20; round++) {
            String deleted = String.format("P-%03d", 100 + round);
            String revoked = String.format("P-%03d", 200 + round);
            publishCentrally(deleted, staff(deleted, badge(100 + round), true));
            publishCentrally(revoked, staff(revoked, badge(200 + round), true));
            publishCentrally("P-002", staff("P-002", "0A00000002", true));
            publishCentrally("P-003", staff("P-003", "0A00000003", true));
            awaitAtEveryDoor("round " + round + ": records stored",
                    d -> holds(d, deleted) && holds(d, revoked) && holds(d, "P-002") && holds(d, "P-003"));
            cutAndRestore(round);
            publishCentrally(deleted, null);
            publishCentrally(revoked, staff(revoked, badge(200 + round), false));
            awaitAtEveryDoor("round " + round + ": deletion and revocation reached the doors",
                    d -> !holds(d, deleted) && !active(d, revoked));
        }
        eventsReachedTheCentreInOrder();
    }

    /**
     * Cuts the bridge; while it is down a door decides from its copy, a person is deleted and
     * another revoked at the centre; after the bridge returns both are refused at every door.
     * Expects P-001 (kept), P-002 and P-003 active at the doors.
     */
    private void cutAndRestore(int round) throws Exception {
        link.cut();
        awaitBridge("0");

        publishCentrally("P-002", null); // deleted upstream while the site cannot hear it
        publishCentrally("P-003", staff("P-003", "0A00000003", false)); // revoked
        // The doors decide from their own copies meanwhile: still granted, and recorded.
        advanceAll();
        decided("door-2", "0A00000001", "access_granted", Map.of("personId", "P-001"));
        decided("door-1", "0A00000002", "access_granted", Map.of("personId", "P-002"));
        assertTrue(holds(doors.door("door-1").orElseThrow(), "P-002"), "nothing crossed the cut bridge");

        link.open();
        awaitBridge("1");
        awaitAtEveryDoor("round " + round + ": the deletion and the revocation made during the cut reached the doors",
                d -> !holds(d, "P-002") && !active(d, "P-003"));
        advanceAll();
        for (String d : List.of("door-1", "door-2")) {
            decided(d, "0A00000002", "access_denied", Map.of("reason", "unknown_badge"));
            decided(d, "0A00000003", "access_denied", Map.of("reason", "inactive"));
        }
        // Back for the next round.
        publishCentrally("P-002", staff("P-002", "0A00000002", true));
        publishCentrally("P-003", staff("P-003", "0A00000003", true));
        awaitAtEveryDoor("P-002 and P-003 back", d -> holds(d, "P-002") && active(d, "P-003"));
    }

    /**
     * Every door's events as the centre received them: all of the door's log, each once in
     * {@code seq} order (a redelivery after a cut may repeat one), and the chain verified by
     * {@code verify-log --events}.
     */
    private void eventsReachedTheCentreInOrder() throws Exception {
        for (String d : List.of("door-1", "door-2")) {
            long last = lastSeq(d);
            atCentre.await("doors/" + d + "/events", r -> ((Number) r.json().get("seq")).longValue() == last, LONG);
            List<String> lines = new ArrayList<>();
            long expected = 1;
            for (EventWatcher.Received r : atCentre.received()) {
                if (!r.topic().equals(CENTRE + "doors/" + d + "/events")) {
                    continue;
                }
                long seq = ((Number) r.json().get("seq")).longValue();
                if (seq < expected) {
                    continue; // at least once: a repeat of what came already
                }
                assertEquals(expected, seq, d + ": the centre received the events in order, none missing");
                expected++;
                lines.add(r.payload());
            }
            assertEquals(last + 1, expected, d + ": every event of the door's log reached the centre");
            Path copy = dir.resolve(d + "-at-centre.jsonl");
            Files.write(copy, lines, StandardCharsets.UTF_8);
            ToolRun verify = ToolRun.run("verify-log", "--events", copy.toString());
            assertEquals(0, verify.status(), d + ": " + verify.out() + verify.err());
        }
    }

    /** Taps the badge at the door's entry reader and waits for the door's decision about it. */
    private void decided(String door, String uid, String type, Map<String, Object> fields) throws Exception {
        int from = atSite.received().size();
        tap(door, uid);
        Await.until(LONG, () -> atSite.received().subList(from, atSite.received().size()).stream()
                .filter(r -> r.topic().equals("accessctl/main/doors/" + door + "/events")).map(EventWatcher.Received::json)
                .anyMatch(e -> (e.get("type").equals("access_granted") || e.get("type").equals("access_denied"))
                        && e.get("type").equals(type) && e.entrySet().containsAll(fields.entrySet())),
                () -> door + ": " + type + " " + fields + " for " + uid + "; received " + atSite.received());
    }

    /** The newest seq the site broker carried for the door (its subscriber saw every event). */
    private long lastSeq(String door) {
        return atSite.received().stream().filter(r -> r.topic().equals("accessctl/main/doors/" + door + "/events"))
                .mapToLong(r -> ((Number) r.json().get("seq")).longValue()).max().orElse(0);
    }

    /** Waits until the site broker's own notification of the bridge, newer than the last one waited for, says this. */
    private void awaitBridge(String state) {
        Await.until(LONG, () -> {
            List<EventWatcher.Received> states = atSite.received().stream()
                    .filter(r -> r.topic().equals(BRIDGE_STATE)).toList();
            if (states.size() > stateMessagesSeen && states.get(states.size() - 1).payload().equals(state)) {
                stateMessagesSeen = states.size();
                return true;
            }
            return false;
        }, () -> "the bridge to say " + state + "; site broker log:\n" + site.logText());
    }

    /** The guide's {@code connection} block, with the address of this test's central broker. */
    static String guideBridge(String address) throws IOException {
        String page = Files.readString(repositoryFile("docs/bridging.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```conf\n(connection hq\n.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/bridging.md has the site's connection block");
        String block = m.group(1);
        assertTrue(block.contains("address central.example.org:1883\n"), block);
        return block.replace("address central.example.org:1883\n", "address " + address + "\n");
    }

    private static Path repositoryFile(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(name)) && Files.isDirectory(d.resolve("hardware-sim"))) {
                return d.resolve(name);
            }
        }
        throw new AssertionError(name + " of the repository not found above " + Path.of("").toAbsolutePath());
    }

    /** Publishes a person at the centre, retained (null: deletes it). */
    private void publishCentrally(String personId, String json) throws Exception {
        atCentre.publish(CENTRE + "personnel/" + personId, json == null ? "" : json, true);
    }

    private static String staff(String personId, String badge, boolean active) {
        return "{\"personId\":\"" + personId + "\",\"name\":\"Staff " + personId + "\",\"badgeUid\":\"" + badge
                + "\",\"roles\":[\"access\"],\"active\":" + active + "}";
    }

    private static String badge(int i) {
        return String.format("0B%08d", i);
    }

    private void awaitAtEveryDoor(String what, java.util.function.Predicate<SimulatedDoor> done) {
        Await.until(LONG, () -> doors.doors().stream().allMatch(done), () -> what + "; site broker log:\n"
                + site.logText());
    }

    private static boolean holds(SimulatedDoor door, String personId) {
        try (DoorRecords records = new DoorRecords(door.config().dbPath())) {
            return records.person(personId).isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    /** Whether the door's copy has the person, active. */
    private static boolean active(SimulatedDoor door, String personId) {
        try (var read = org.accessctl.audit.ReadOnlyDatabase.open(door.config().dbPath());
             var s = read.prepareStatement("SELECT active FROM persons WHERE person_id = ?")) {
            s.setString(1, personId);
            try (var rs = s.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** Moves every door's time past the strike and the repeat suppression of the last badge. */
    private void advanceAll() throws Exception {
        for (SimulatedDoor d : doors.doors()) {
            post("/api/doors/" + d.id() + "/clock/advance", "{\"seconds\":10}");
        }
    }

    private void tap(String door, String uid) throws Exception {
        post("/api/doors/" + door + "/readers/entry/tap", "{\"uid\":\"" + uid + "\"}");
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + doors.httpPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
    }
}
