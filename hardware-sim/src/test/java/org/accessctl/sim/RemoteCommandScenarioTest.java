package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's remote commands against the simulated door, with the operator tools exactly as
 * the README shows them: keygen, the public key in the person record, unlock, lockdown, release.
 */
class RemoteCommandScenarioTest {

    static final String BADGE = "0A1B2C3D4E";

    @TempDir
    Path dir;

    private Simulator sim;
    private Path key;
    private Path toolConfig;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private void operatorSetUp() throws Exception {
        String publicKey = ToolRun.run("keygen", "--person", "P-001", "--out", dir.resolve("keys").toString()).ok().lines().findFirst().orElseThrow().trim();
        key = dir.resolve("keys").resolve("P-001.key");
        sim.publishPerson("P-001", "{\"personId\":\"P-001\",\"name\":\"Operator One\",\"badgeUid\":\"" + BADGE
                + "\",\"roles\":[\"access\",\"escort\",\"operator\"],\"active\":true,\"publicKey\":\"" + publicKey + "\"}");
        toolConfig = dir.resolve("operator.properties");
        Files.writeString(toolConfig, "mqtt.url = " + sim.door.brokerUrl() + "\n");
    }

    private ToolRun send(String cmd, String reason) {
        return ToolRun.run(cmd, "--config", toolConfig.toString(), "--key", key.toString(), "--kid", "P-001",
                "--reason", reason);
    }

    @Test
    void unlockLockdownAndReleaseAreDoneAndLoggedWithWhoAndWhy() throws Exception {
        sim = Simulator.start(dir.resolve("door"));
        operatorSetUp();

        send("unlock", "Vendor at the door, escort inside").ok();
        Map<String, Object> accepted = sim.mqtt.awaitEvent("command_accepted", Map.of("cmd", "unlock"));
        assertEquals("P-001", accepted.get("operatorId"));
        assertEquals("Vendor at the door, escort inside", accepted.get("reason"));
        Map<String, Object> granted = sim.mqtt.awaitEvent("access_granted", Map.of("via", "remote"));
        assertEquals("P-001", granted.get("operatorId"));
        assertEquals("Vendor at the door, escort inside", granted.get("reason"));
        sim.awaitState("strike released", s -> s.get("relay").equals("high"));

        send("lockdown", "Incident in hall B").ok();
        sim.mqtt.awaitEvent("command_accepted", Map.of("cmd", "lockdown", "reason", "Incident in hall B"));
        sim.mqtt.await("/state", r -> r.payload().contains("\"lockdown\":true"), Duration.ofSeconds(5));
        sim.advance(10);
        sim.tap("entry", BADGE);
        assertEquals("lockdown", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", BADGE)).get("reason"));
        sim.call("/api/rex", "{}");
        sim.mqtt.awaitEvent("access_granted", Map.of("via", "rex"));
        sim.tap("exit", BADGE);
        sim.mqtt.awaitEvent("access_granted", Map.of("direction", "out", "via", "badge"));

        // The lockdown outlives a restart.
        sim.close();
        sim = Simulator.start(dir.resolve("door"));
        sim.mqtt.await("/state", r -> r.payload().contains("\"lockdown\":true"), Duration.ofSeconds(5));
        sim.tap("entry", BADGE);
        assertEquals("lockdown", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", BADGE)).get("reason"));

        // A fresh broker: the door still knows its operator from its local copy.
        Files.writeString(toolConfig, "mqtt.url = " + sim.door.brokerUrl() + "\n");
        send("release", "Incident over").ok();
        sim.mqtt.awaitEvent("command_accepted", Map.of("cmd", "release", "reason", "Incident over"));
        sim.advance(5);
        sim.tap("entry", BADGE);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001", "direction", "in"));
    }

    @Test
    void aReplayedTokenIsRefusedAlsoAfterARestartAndAForgedOneNeverUnlocks() throws Exception {
        sim = Simulator.start(dir.resolve("door"));
        operatorSetUp();
        String token = ToolRun.run("sign", "--key", key.toString(), "--kid", "P-001", "--door", "door-1", "--cmd", "unlock",
                "--reason", "Delivery", "--ttl", "120").ok().trim();

        sim.mqtt.publish("accessctl/main/doors/door-1/commands", token, false);
        String jti = (String) sim.mqtt.awaitEvent("command_accepted").get("jti");
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", token, false);
        assertEquals("replayed", sim.mqtt.awaitEvent("command_rejected", Map.of("jti", jti)).get("reason"));
        sim.mqtt.await("/commands/results", r -> r.payload().contains("\"accepted\":false")
                && r.payload().contains("replayed"), Duration.ofSeconds(5));

        sim.close();
        sim = Simulator.start(dir.resolve("door"));
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", token, false);
        assertEquals("replayed", sim.mqtt.awaitEvent("command_rejected", Map.of("jti", jti)).get("reason"));

        // A token whose signature does not match its claims.
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA" + "." + parts[2];
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", forged, false);
        sim.mqtt.await("/events", r -> "command_rejected".equals(r.json().get("type"))
                && !"replayed".equals(r.json().get("reason")), Duration.ofSeconds(5));
        sim.barrier();
        assertEquals("low", sim.state().get("relay"));
        assertTrue(sim.mqtt.events().stream().noneMatch(e -> "remote".equals(e.get("via"))));
    }


    @Test
    void aFloodOfMutatedTokensNeitherUnlocksNorStopsTheDoor() throws Exception {
        sim = Simulator.start(dir.resolve("door"));
        operatorSetUp();
        byte[] token = ToolRun.run("sign", "--key", key.toString(), "--kid", "P-001", "--door", "door-1", "--cmd", "unlock",
                "--reason", "Delivery", "--ttl", "120").out().trim().getBytes(StandardCharsets.US_ASCII);
        java.util.Random random = new java.util.Random(7);
        int sent = 300;
        int published = 0;
        for (int i = 0; i < sent; i++) {
            byte[] mutated = token.clone();
            switch (i % 3) {
                case 0 -> mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> mutated = java.util.Arrays.copyOf(mutated, random.nextInt(mutated.length));
                default -> {
                    int a = random.nextInt(mutated.length);
                    mutated[a] = (byte) random.nextInt(256);
                }
            }
            if (java.util.Arrays.equals(mutated, token)) {
                continue;
            }
            sim.mqtt.publish("accessctl/main/doors/door-1/commands", new String(mutated, StandardCharsets.ISO_8859_1), false);
            published++;
        }
        sim.barrier();
        assertTrue(sim.mqtt.events().stream().noneMatch(e -> "command_accepted".equals(e.get("type"))));
        // Refusals are logged one by one up to a limit a minute; the rest are counted, and the
        // count is logged once that minute is over (here: at the next refusal, a minute later).
        long logged = sim.mqtt.events().stream().filter(e -> "command_rejected".equals(e.get("type"))).count();
        assertEquals(20, logged, "refusals logged one by one in the first minute");
        sim.advance(61);
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", "not a token", false);
        Map<String, Object> summary = sim.mqtt.awaitEvent("refusals_suppressed", Map.of("kind", "command"));
        // The summary comes first, then (in the same commit, published in order) the refusal itself.
        org.accessctl.testing.Await.until(() -> sim.mqtt.events().stream()
                .filter(e -> "command_rejected".equals(e.get("type"))).count() == 21, "the next minute's first refusal logged again");
        assertEquals(published - 20, ((Number) summary.get("count")).longValue(), summary.toString());
        assertEquals("low", sim.state().get("relay"));
        // The door still decides: the real token works, and so does a badge.
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", new String(token, StandardCharsets.US_ASCII), false);
        sim.mqtt.awaitEvent("command_accepted");
        sim.tap("entry", BADGE);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));
    }
}
