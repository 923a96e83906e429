package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.accessctl.testing.FreePort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a technician gets wrong at the simulator, answered with what to change. */
class TechnicianMistakesTest {

    @TempDir
    Path dir;

    private Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private Properties ports(int http, int broker) {
        Properties p = new Properties();
        p.setProperty("db.path", dir.resolve("door.db").toString());
        p.setProperty("sim.http.port", String.valueOf(http));
        p.setProperty("sim.broker.port", String.valueOf(broker));
        return p;
    }

    @Test
    void aBrokerPortInUseNamesItsKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class,
                    () -> SimulatedDoor.start(null, ports(FreePort.pick(), taken.getLocalPort())).close());
            assertEquals("sim.broker.port = " + taken.getLocalPort() + ": 127.0.0.1:" + taken.getLocalPort()
                    + " is already in use (another simulator or an MQTT broker; or set mqtt.url to use that broker);"
                    + " set sim.broker.port to a free port", e.getMessage());
        }
    }

    @Test
    void anHttpPortInUseNamesItsKey() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class,
                    () -> SimulatedDoor.start(null, ports(taken.getLocalPort(), FreePort.pick())).close());
            assertTrue(e.getMessage().startsWith("sim.http.port = " + taken.getLocalPort() + ": "), e.getMessage());
        }
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheKnownOnes() throws Exception {
        sim = Simulator.start(dir);
        sim.mqtt.publish("accessctl/main/personnel/P-007", Simulator.staff("P-007", "0707070707", "\"acess\"", true), true);
        Map<String, Object> refused = sim.mqtt.awaitEvent("record_rejected", Map.of("topic", "accessctl/main/personnel/P-007"));
        assertEquals("field \"roles\": unknown role \"acess\"; known roles are access, escort, operator, approver",
                refused.get("reason"));
        sim.tap("entry", "0707070707");
        sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "0707070707", "reason", "unknown_badge"));
    }

    @Test
    void freshStartsWithANewDatabase() throws Exception {
        Path db = dir.resolve("door.db");
        Files.writeString(db, "an old database");
        Files.writeString(dir.resolve("door.db-wal"), "its log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Ddb.path=" + db, "-Dsim.http.port=" + FreePort.pick(), "-Dsim.broker.port=" + FreePort.pick(),
                "-cp", System.getProperty("java.class.path"), SimMain.class.getName(), "--fresh"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("sim.log").toFile()).start();
        try {
            org.accessctl.testing.Await.until(java.time.Duration.ofSeconds(30),
                    () -> log().contains("Door simulator ready."), () -> "the simulator to start; log: " + log());
            assertFalse(new String(Files.readAllBytes(db), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .startsWith("an old database"), "a new database");
            // Signed records from the first start: the simulator made its directory key and says where.
            org.accessctl.testing.Await.until(java.time.Duration.ofSeconds(30), () -> log().contains("directory key : "),
                    () -> "the simulator to say where its directory key is; log: " + log());
            assertTrue(Files.exists(dir.resolve("keys/sim-directory.key")) && Files.exists(dir.resolve("directory.keys")),
                    log());
            Path wal = dir.resolve("door.db-wal");
            assertFalse(Files.exists(wal) && new String(Files.readAllBytes(wal), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals("its log"), "the old write-ahead log is gone");
        } finally {
            p.destroy();
            p.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private String log() {
        try {
            return new String(Files.readAllBytes(dir.resolve("sim.log")), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
