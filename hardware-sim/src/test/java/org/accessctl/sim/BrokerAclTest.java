package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.ToolRun;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACL of docs/broker-acl.md, taken from the page itself, in Debian's Mosquitto with a password
 * file: a door with directory keys works through it (the directory's and the approver's tools
 * publish, the door admits), and a client logged in as a door cannot write another door's
 * topics, nor a person record.
 */
class BrokerAclTest {

    private static final String P = "accessctl/main/";
    private static final Map<String, String> USERS = new LinkedHashMap<>();
    private static final AtomicInteger BARRIERS = new AtomicInteger();

    static {
        for (String user : List.of("door-1", "door-2", "directory", "approver-P-100", "operator-P-001")) {
            USERS.put(user, "secret-of-" + user);
        }
    }

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void aDoorWorksThroughTheAclAndCannotWriteAnotherDoorsTopics() throws Exception {
        MosquittoProcess broker = MosquittoProcess.withAccessControl(aclFromDocs(), USERS);
        toClose.add(broker);
        Path keys = dir.resolve("keys");
        String directoryLine = ToolRun.run("keygen", "--kind", "directory", "--kid", "directory-1", "--out", keys.toString())
                .ok().lines().findFirst().orElseThrow();
        Path keyFile = Files.writeString(dir.resolve("directory.keys"), directoryLine + "\n");
        String approverKey = ToolRun.run("keygen", "--kind", "approver", "--person", "P-100", "--out", keys.toString())
                .ok().lines().findFirst().orElseThrow();

        // The operator follows the doors, subscribed before the door starts.
        EventWatcher operator = new EventWatcher(broker.url(), login("operator-P-001"),
                P + "doors/+/events", P + "doors/+/state", P + "doors/door-1/status", P + "personnel/+");
        toClose.add(operator);
        Simulator door = Simulator.withBroker(dir.resolve("door"), broker.url(), "mqtt.username=door-1",
                "mqtt.passwordFile=" + password("door-1"), "records.directoryKeys=" + keyFile);
        toClose.add(door);
        operator.await("/status", r -> r.payload().equals("online"), Await.DEFAULT);
        MqttClient directory = client(broker, "directory");

        // The directory's and the approver's tools, each with its own user.
        Path directoryConfig = toolConfig(broker, "directory");
        Path approverConfig = toolConfig(broker, "approver-P-100");
        ToolRun.run("person", "put", "--config", directoryConfig.toString(), "--key", keys.resolve("directory-1.key").toString(),
                "--kid", "directory-1", "--id", "P-001", "--name", "Operator One", "--badge", "0A1B2C3D4E",
                "--roles", "access,escort").ok();
        ToolRun.run("person", "put", "--config", directoryConfig.toString(), "--key", keys.resolve("directory-1.key").toString(),
                "--kid", "directory-1", "--id", "P-100", "--roles", "approver", "--public-key", approverKey).ok();
        barrier(directory, operator);
        door.tap("entry", "0A1B2C3D4E");
        operator.awaitEvent("access_granted", Map.of("personId", "P-001"));

        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        ToolRun.run("visit", "approve", "--config", approverConfig.toString(), "--key", keys.resolve("P-100.key").toString(),
                "--kid", "P-100", "--id", "V-1", "--visitor", "Budi", "--badge", "1122334455",
                "--from", now.minusMinutes(5).toString(), "--until", now.plusHours(1).toString(), "--escorts", "P-001").ok();
        barrier(directory, operator);
        door.advance(31);
        door.tap("entry", "1122334455");
        door.tap("entry", "0A1B2C3D4E");
        operator.awaitEvent("access_granted", Map.of("visitId", "V-1", "escortId", "P-001"));

        // A schedule crosses the ACL too: a person who names it is let in only if the door read it.
        ToolRun.run("schedule", "put", "--config", directoryConfig.toString(), "--key",
                keys.resolve("directory-1.key").toString(), "--kid", "directory-1", "--id", "always", "--timezone", "UTC",
                "--windows", "mon-sun 00:00-24:00").ok();
        ToolRun.run("person", "put", "--config", directoryConfig.toString(), "--key", keys.resolve("directory-1.key").toString(),
                "--kid", "directory-1", "--id", "P-002", "--badge", "0A1B2C3D4F", "--roles", "access", "--schedule", "always").ok();
        barrier(directory, operator);
        door.tap("entry", "0A1B2C3D4F");
        operator.awaitEvent("access_granted", Map.of("personId", "P-002"));

        // A client logged in as door-1 tries another door's topics and a person record. Mosquitto
        // drops a denied publish silently; what door-1 may write arrives after, in order, so once
        // that is in, anything denied before it would have been too.
        MqttClient door1 = client(broker, "door-1");
        publish(door1, P + "doors/door-2/state", "{\"lock\":\"unlocked\"}", true);
        publish(door1, P + "doors/door-2/events", "{\"type\":\"access_granted\",\"door\":\"door-2\"}", false);
        publish(door1, P + "personnel/P-666", "{\"personId\":\"P-666\",\"active\":true,\"roles\":[\"access\"]}", true);
        publish(door1, P + "doors/door-1/events", "{\"type\":\"probe\"}", false);
        operator.await("doors/door-1/events", r -> r.payload().contains("probe"), Await.DEFAULT);
        assertTrue(operator.received().stream().noneMatch(r -> r.topic().contains("door-2") || r.topic().endsWith("P-666")),
                () -> "door-1 wrote where it may not: " + operator.received());

        // A new subscriber finds nothing retained there either.
        EventWatcher later = new EventWatcher(broker.url(), login("operator-P-001"), P + "doors/door-2/state",
                P + "personnel/+");
        toClose.add(later);
        publish(directory, P + "personnel/barrier-late", "", false);
        later.await("/barrier-late", r -> true, Await.DEFAULT);
        assertTrue(later.received().stream().noneMatch(r -> r.topic().contains("door-2") || r.topic().endsWith("P-666")),
                () -> later.received().toString());
    }

    /** The ACL block of docs/broker-acl.md. */
    private static String aclFromDocs() throws IOException {
        Path doc = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/broker-acl.md"))) {
                doc = d.resolve("docs/broker-acl.md");
                break;
            }
        }
        assertTrue(doc != null, "docs/broker-acl.md not found");
        StringBuilder acl = new StringBuilder();
        boolean in = false;
        for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                if (in) {
                    break;
                }
                in = line.equals("```acl");
            } else if (in) {
                acl.append(line).append('\n');
            }
        }
        assertTrue(acl.toString().contains("user door-1"), "the page's ACL block: " + acl);
        return acl.toString();
    }

    /** A record no door can read, sent by the directory after what it published: once refused, the rest is in. */
    private void barrier(MqttClient directory, EventWatcher operator) throws Exception {
        String topic = P + "personnel/barrier-" + BARRIERS.incrementAndGet();
        publish(directory, topic, "not a record", false);
        operator.await("/events", r -> r.payload().contains("record_rejected") && r.payload().contains(topic),
                Await.DEFAULT);
    }

    private Path password(String user) throws IOException {
        return Files.writeString(dir.resolve(user + ".password"), USERS.get(user) + "\n");
    }

    private Path toolConfig(MosquittoProcess broker, String user) throws IOException {
        return Files.writeString(dir.resolve(user + ".properties"), "mqtt.url = " + broker.url() + "\nmqtt.username = "
                + user + "\nmqtt.passwordFile = " + password(user) + "\n");
    }

    private static MqttConnectOptions login(String user) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(USERS.get(user).toCharArray());
        return o;
    }

    private MqttClient client(MosquittoProcess broker, String user) throws Exception {
        MqttClient client = new MqttClient(broker.url(), user + "-test-" + System.nanoTime(), new MemoryPersistence());
        client.connect(login(user));
        toClose.add(() -> {
            client.disconnect(1000);
            client.close();
        });
        return client;
    }

    private static void publish(MqttClient client, String topic, String payload, boolean retained) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retained);
        client.publish(topic, m);
    }
}
