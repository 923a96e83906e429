package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.accessctl.cli.CosignCommand;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A high-security room's rules at the simulated door, driven as a site would drive them: badges
 * on the simulator's readers, the operators' tools for {@code clear} and the break-glass
 * override, and the door's events on the broker.
 */
class EntryRulesScenarioTest {

    static final String ALICE = "0A0A0A0A01"; // P-001: access, escort, operator
    static final String BAYU = "0A0A0A0A04";  // P-004: access, operator
    static final String CITRA = "0A0A0A0A03"; // P-003: access

    @TempDir
    Path dir;

    private Simulator sim;
    private Path toolConfig;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    /** Two operators with keys of their own and one staff member, published as person records. */
    private void staffSetUp() throws Exception {
        sim.publishPerson("P-001", operator("P-001", ALICE, "\"access\",\"escort\",\"operator\""));
        sim.publishPerson("P-004", operator("P-004", BAYU, "\"access\",\"operator\""));
        sim.publishPerson("P-003", Simulator.staff("P-003", CITRA, "\"access\"", true));
        toolConfig = dir.resolve("operator.properties");
        Files.writeString(toolConfig, "mqtt.url = " + sim.door.brokerUrl() + "\n");
    }

    private String operator(String id, String badge, String roles) {
        String publicKey = ToolRun.run("keygen", "--person", id, "--out", dir.resolve("keys").toString()).ok().lines().findFirst().orElseThrow().trim();
        return "{\"personId\":\"" + id + "\",\"name\":\"Operator " + id + "\",\"badgeUid\":\"" + badge
                + "\",\"roles\":[" + roles + "],\"active\":true,\"publicKey\":\"" + publicKey + "\"}";
    }

    private String key(String id) {
        return dir.resolve("keys").resolve(id + ".key").toString();
    }

    @Test
    void twoPersonRuleLoneOccupantHardAntiPassbackAndAnOperatorsClear() throws Exception {
        sim = Simulator.start(dir.resolve("door"), "door.twoPersonRule=true", "door.antiPassback=hard");
        staffSetUp();

        // One person does not open the empty room; the second one opens it for both.
        sim.tap("entry", CITRA);
        sim.mqtt.awaitEvent("second_person_pending", Map.of("personId", "P-003"));
        assertEquals("low", sim.state().get("relay"));
        sim.tap("entry", ALICE);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001", "direction", "in"));
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-003", "direction", "in"));
        sim.awaitState("strike released for both", s -> s.get("relay").equals("high"));

        // Alice leaves: Citra is alone inside.
        sim.advance(10);
        sim.tap("exit", ALICE);
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "lone_occupant"));
        sim.awaitState("buzzer for the lone occupant", s -> s.get("buzzer").equals("on"));

        // Citra's badge at the entry reader while she is inside: passed back, refused.
        sim.tap("entry", CITRA);
        sim.mqtt.awaitEvent("access_denied", Map.of("personId", "P-003", "reason", "already_inside"));

        // She left by a way the door did not see; an operator clears her presence.
        ToolRun.run("clear", "--config", toolConfig.toString(), "--key", key("P-001"), "--kid", "P-001",
                "--person", "P-003", "--reason", "Left through the fire exit, seen on camera").ok();
        Map<String, Object> accepted = sim.mqtt.awaitEvent("command_accepted", Map.of("cmd", "clear"));
        assertEquals("P-003", accepted.get("personId"));
        assertEquals("P-001", accepted.get("operatorId"));
        sim.mqtt.awaitEvent("alarm_cleared", Map.of("alarm", "lone_occupant"));

        // The room is empty again: alone she waits, and nobody comes. (Two seconds on: the same
        // badge again at once would be one read held in front of the reader.)
        sim.advance(2);
        sim.tap("entry", CITRA);
        sim.barrier();
        assertEquals(2, sim.mqtt.events().stream().filter(e -> "second_person_pending".equals(e.get("type"))).count());
        sim.advance(30);
        sim.mqtt.awaitEvent("access_denied", Map.of("personId", "P-003", "reason", "second_person_required"));
        assertEquals("low", sim.state().get("relay"));
    }

    @Test
    void aBreakGlassOverrideByTwoOperatorsOpensDuringALockdown() throws Exception {
        sim = Simulator.start(dir.resolve("door"));
        staffSetUp();
        ToolRun.run("lockdown", "--config", toolConfig.toString(), "--key", key("P-001"), "--kid", "P-001",
                "--reason", "Intruder alarm in hall B").ok();
        sim.mqtt.awaitEvent("command_accepted", Map.of("cmd", "lockdown"));

        // Bayu signs the override on his machine and hands it over; alone it does nothing.
        String signed = ToolRun.run("sign", "--key", key("P-004"), "--kid", "P-004", "--door", "door-1", "--cmd", "override",
                "--reason", "Fire brigade at the door", "--seconds", "120", "--ttl", "120").ok();
        Path once = Files.writeString(dir.resolve("override.json"), signed);
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", signed.trim(), false);
        assertEquals("P-004", sim.mqtt.awaitEvent("command_rejected",
                Map.of("reason", "second_signature_missing")).get("operatorId"));

        // He cannot complete it himself either.
        ToolRun himself = ToolRun.run("override", "--config", toolConfig.toString(), "--key", key("P-004"), "--kid", "P-004",
                "--cosign", once.toString());
        assertEquals(2, himself.status(), himself.err());
        assertTrue(himself.err().contains("a second, different operator"), himself.err());

        // Alice cosigns and sends it: the door opens in the lockdown, for both their names.
        ToolRun override = ToolRun.run("override", "--config", toolConfig.toString(), "--key", key("P-001"), "--kid", "P-001",
                "--cosign", once.toString());
        override.ok();
        assertTrue(override.err().contains("override of door door-1 for 120 s, signed by P-004"), override.err());
        Map<String, Object> accepted = sim.mqtt.awaitEvent("command_accepted", Map.of("cmd", "override"));
        assertEquals(List.of("P-004", "P-001"), accepted.get("operatorIds"));
        assertEquals("Fire brigade at the door", accepted.get("reason"));
        Map<String, Object> granted = sim.mqtt.awaitEvent("access_granted", Map.of("via", "remote"));
        assertEquals(List.of("P-004", "P-001"), granted.get("operatorIds"));
        sim.awaitState("strike released", s -> s.get("relay").equals("high"));

        // Cosigned again, by the same second operator on another machine: the door took it once.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = CosignCommand.run(List.of("--key", key("P-001"), "--kid", "P-001"),
                new ByteArrayInputStream(signed.getBytes(StandardCharsets.US_ASCII)), Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        sim.mqtt.publish("accessctl/main/doors/door-1/commands", out.toString(StandardCharsets.UTF_8).trim(), false);
        sim.mqtt.awaitEvent("command_rejected", Map.of("reason", "replayed"));

        // The door opens and closes again and again; the strike stays released until the end.
        sim.call("/api/door/open", "{}");
        sim.mqtt.awaitEvent("door_opened");
        sim.call("/api/door/close", "{}");
        sim.mqtt.awaitEvent("door_closed");
        sim.barrier();
        assertEquals("high", sim.state().get("relay"), "an override is not ended by the door closing");
        sim.advance(119);
        sim.barrier();
        assertEquals("high", sim.state().get("relay"));
        sim.advance(1);
        sim.awaitState("relocked after 120 s", s -> s.get("relay").equals("low"));

        // The lockdown itself stands.
        sim.tap("entry", CITRA);
        assertEquals("lockdown", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", CITRA)).get("reason"));
    }
}
