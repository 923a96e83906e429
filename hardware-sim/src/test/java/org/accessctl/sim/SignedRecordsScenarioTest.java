package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accessctl.mqtt.DirectoryIndex;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A door with {@code records.directoryKeys}, from the outside: keys made by {@code keygen}, persons
 * and visits published by {@code person} and {@code visit} through the broker, badges at the
 * simulated readers. It admits only what the directory signed and what an approver approved.
 */
class SignedRecordsScenarioTest {

    private static final String STAFF = "0A1B2C3D4E";
    private static final String VISITOR = "1122334455";

    @TempDir
    Path dir;

    private Simulator sim;
    private Path config;
    private Path keys;
    private String approverKey;
    private String directoryKeys;

    @BeforeEach
    void start() throws Exception {
        keys = dir.resolve("keys");
        String directoryLine = ToolRun.run("keygen", "--kind", "directory", "--kid", "directory-1", "--out", keys.toString())
                .ok().lines().findFirst().orElseThrow();
        Path keyFile = Files.writeString(dir.resolve("directory.keys"), "# the site's directory\n" + directoryLine + "\n");
        approverKey = ToolRun.run("keygen", "--kind", "approver", "--person", "P-100", "--out", keys.toString())
                .ok().lines().findFirst().orElseThrow();
        directoryKeys = "records.directoryKeys=" + keyFile;
        sim = Simulator.start(dir, directoryKeys);
        config = Files.writeString(dir.resolve("tools.properties"), "mqtt.url = " + sim.door.brokerUrl() + "\n");
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private String[] directory(String... more) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--key",
                keys.resolve("directory-1.key").toString(), "--kid", "directory-1"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String[] approver(String... more) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--key",
                keys.resolve("P-100.key").toString(), "--kid", "P-100"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] cat(String first, String second, String[] rest) {
        List<String> all = new ArrayList<>(List.of(first, second));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static String at(long minutes) {
        return OffsetDateTime.now(ZoneOffset.ofHours(7)).truncatedTo(ChronoUnit.SECONDS).plusMinutes(minutes).toString();
    }

    private Map<String, Object> rejected(String topic, String reasonStart) {
        return sim.mqtt.await("/events", r -> {
            Map<String, Object> e = r.json();
            return "record_rejected".equals(e.get("type")) && topic.equals(e.get("topic"))
                    && String.valueOf(e.get("reason")).startsWith(reasonStart);
        }, Await.DEFAULT).json();
    }

    @Test
    void aScheduleReachesTheDoorAndIsReconciledLikeAnyRecord() throws Exception {
        String[] office = {"--id", "office", "--timezone", "UTC", "--windows", "mon-sun 00:00-24:00"};
        ToolRun.run(cat("schedule", "put", directory(office))).ok();
        ToolRun.run(cat("person", "put", directory("--id", "P-001", "--name", "Night Operator", "--badge", STAFF,
                "--roles", "access", "--schedule", "office"))).ok();
        sim.barrier();
        sim.tap("entry", STAFF);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));

        // Closed today (and tomorrow, should the test run across midnight): refused.
        java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
        List<String> closed = new ArrayList<>(List.of(office));
        closed.addAll(List.of("--closed", today + "," + today.plusDays(1)));
        ToolRun.run(cat("schedule", "put", directory(closed.toArray(String[]::new)))).ok();
        sim.barrier();
        sim.advance(2);
        sim.tap("entry", STAFF);
        sim.mqtt.awaitEvent("access_denied", Map.of("personId", "P-001", "reason", "outside_schedule"));

        // Open again; then, while the door is away, the schedule is deleted upstream. The door's
        // next sync sweeps it, and a badge naming a schedule the door does not hold is refused.
        ToolRun.run(cat("schedule", "put", directory(office))).ok();
        sim.barrier();
        sim.advance(2);
        sim.tap("entry", STAFF);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001", "direction", "in"));
        String brokerUrl = sim.door.brokerUrl();
        sim.stopDoor();
        sim.mqtt.awaitEvent("controller_stopping");
        ToolRun.run("schedule", "delete", "--config", config.toString(), "--id", "office").ok();
        Simulator again = Simulator.withBroker(dir, brokerUrl, directoryKeys);
        try {
            Map<String, Object> sync = sim.mqtt.awaitEvent("sync_completed", Map.of("schedulesRemoved", 1L));
            assertEquals(1L, sync.get("personsSeen"));
            again.tap("entry", STAFF);
            sim.mqtt.awaitEvent("access_denied", Map.of("personId", "P-001", "reason", "outside_schedule"));
        } finally {
            again.close();
        }
    }

    @Test
    void theDoorAdmitsWhatTheDirectorySignedAndWhatAnApproverApproved() throws Exception {
        ToolRun.run(cat("person", "put", directory("--id", "P-001", "--name", "Operator One", "--badge", STAFF,
                "--roles", "access,escort"))).ok();
        ToolRun.run(cat("person", "put", directory("--id", "P-100", "--name", "Supervisor", "--roles", "approver",
                "--public-key", approverKey))).ok();
        sim.barrier();
        sim.tap("entry", STAFF);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001"));

        // Somebody with the broker's password grants themselves a badge: refused, nothing stored.
        sim.mqtt.publish("accessctl/main/personnel/P-666", Simulator.staff("P-666", "6666666666", "\"access\"", true), true);
        rejected("accessctl/main/personnel/P-666", "unsigned:");
        sim.advance(2);
        sim.tap("entry", "6666666666");
        sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "6666666666", "reason", "unknown_badge"));

        // A visit approved by the approver admits with its escort.
        ToolRun.run(cat("visit", "approve", approver("--id", "V-1", "--visitor", "Budi", "--organization", "Vendor X",
                "--purpose", "Replace disk", "--badge", VISITOR, "--from", at(-5), "--until", at(60),
                "--escorts", "P-001", "--devices", "Laptop:ABC123"))).ok();
        sim.barrier();
        sim.advance(31);
        sim.tap("entry", VISITOR);
        sim.mqtt.awaitEvent("escort_pending", Map.of("visitId", "V-1"));
        sim.tap("entry", STAFF);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-1", "escortId", "P-001"));
        sim.tap("exit", VISITOR);
        sim.mqtt.awaitEvent("visit_completed", Map.of("visitId", "V-1"));
        sim.advance(2);
        sim.tap("exit", STAFF);
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001", "direction", "out"));

        // A visit nobody approved, with the approver's name on it: refused.
        sim.mqtt.publish("accessctl/main/visits/V-2", Simulator.visit("V-2", "9999999999", "approved", -5, 60, "\"P-001\""), true);
        rejected("accessctl/main/visits/V-2", "unsigned:");

        // Revoked: the republished visit is signed, later than the approval, and stops admitting.
        ToolRun.run(cat("visit", "approve", approver("--id", "V-3", "--visitor", "Sari", "--badge", "5555555555",
                "--from", at(-5), "--until", at(60)))).ok();
        String revoked = ToolRun.run(cat("visit", "revoke", approver("--id", "V-3"))).ok();
        assertTrue(revoked.contains("revoked"), revoked);
        sim.barrier();
        sim.advance(31);
        sim.tap("entry", "5555555555");
        sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "5555555555", "reason", "visit_revoked"));

        // Bulk import from the helpdesk's CSV export, and a deletion.
        Path csv = Files.writeString(dir.resolve("people.csv"), "personId,name,badgeUid,roles,active,doors\r\n"
                + "P-201,\"Tech, One\",2010000001,access,true,\r\n"
                + "P-202,Tech Two,2020000002,access;escort,true,door-1\r\n"
                + "P-203,Tech Three,2030000003,access,false,\r\n");
        assertTrue(ToolRun.run(cat("person", "import", directory("--file", csv.toString()))).ok().contains("3 persons"));
        ToolRun.run("person", "delete", "--config", config.toString(), "--id", "P-001").ok();
        sim.barrier();
        sim.advance(2);
        sim.tap("entry", "2020000002");
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-202"));
        sim.advance(2);
        sim.tap("entry", "2030000003");
        sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", "2030000003", "reason", "inactive"));
        sim.advance(2);
        sim.tap("entry", STAFF);
        sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", STAFF, "reason", "unknown_badge"));

        // The tools kept the directory's index: what they published is listed, the deleted person
        // is not, and neither are the records somebody published by hand.
        try (EventWatcher index = new EventWatcher(sim.door.brokerUrl(), "accessctl/main/personnel/_index/+",
                "accessctl/main/visits/_index/+")) {
            Set<String> persons = Set.of("P-100", "P-201", "P-202", "P-203");
            Set<String> visits = Set.of("V-1", "V-3");
            index.await("", r -> listed(index, "personnel").equals(persons) && listed(index, "visits").equals(visits),
                    Await.DEFAULT);
        }
    }

    /** The ids the newest retained page of each of a kind's index topics lists. */
    private static Set<String> listed(EventWatcher index, String kind) {
        Map<String, List<String>> pages = new java.util.HashMap<>();
        for (EventWatcher.Received r : index.received()) {
            if (r.topic().startsWith("accessctl/main/" + kind + "/_index/")) {
                pages.put(r.topic(), DirectoryIndex.decode(r.payload().getBytes(StandardCharsets.UTF_8)));
            }
        }
        Set<String> ids = new java.util.TreeSet<>();
        pages.values().forEach(ids::addAll);
        return ids;
    }
}
