package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import org.accessctl.audit.DoorLogFixture;
import org.accessctl.report.VisitLogFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("check-config --config FILE"));
        assertEquals(0, run("run", "--help"));
        assertEquals(0, run("check-config", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("verify-log --db FILE | --events FILE"));
        out.reset();
        assertEquals(0, run("verify-log", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar door-controller.jar verify-log"));
        out.reset();
        assertEquals(0, run("--help"));
        assertTrue(stdout().contains("report --db FILE --from DATE --to DATE [--format html|csv] [--out FILE]"), stdout());
        out.reset();
        assertEquals(0, run("report", "--help"));
        assertTrue(stdout().startsWith("usage: java -jar door-controller.jar report (--db FILE | --events FILE)..."), stdout());
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        assertEquals(2, run());
        assertEquals(2, run("frobnicate"));
        assertTrue(stderr().contains("unknown command 'frobnicate'"));
        assertEquals(2, run("run"));
        assertEquals(2, run("run", "--config"));
    }

    @Test
    void runOffARaspberryPiPointsToTheSimulatorInOneLineWithoutAStackTrace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(com.pi4j.boardinfo.util.BoardInfoHelper.runningOnRaspberryPi(),
                "only meaningful off a Raspberry Pi");
        Path config = dir.resolve("controller.properties");
        Files.writeString(config, "mqtt.url = tcp://127.0.0.1:1\ndb.path = " + dir.resolve("door.db") + "\n");
        try (org.accessctl.testing.StandardErrorCapture log = new org.accessctl.testing.StandardErrorCapture()) {
            assertEquals(1, run("run", "--config", config.toString()));
            assertTrue(!log.text().contains("Exception") && !log.text().contains("\tat "), log.text());
        }
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().contains("not recognised as a Raspberry Pi") && stderr().contains("java -jar door-sim.jar"),
                stderr());
    }

    @Test
    void checkConfigPrintsTheEffectiveConfiguration() throws Exception {
        Path file = dir.resolve("controller.properties");
        Files.writeString(file, "mqtt.url = tcp://broker.local:1883\ndoor.id = server-room\n");
        assertEquals(0, run("check-config", "--config", file.toString()));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.matches("(?s).*door\\.id\\s+= server-room\\s+# file.*"), printed);
        assertTrue(printed.matches("(?s).*timing\\.strikeSeconds\\s+= 5\\s+# default.*"), printed);
    }

    @Test
    void runRefusesABadValueWithExitTwoNamingKeyValueAndExpectation() throws Exception {
        Path file = dir.resolve("controller.properties");
        Files.writeString(file, "mqtt.url = tcp://broker.local:1883\ntiming.strikeSeconds = soon\n");
        assertEquals(2, run("run", "--config", file.toString()));
        String line = stderr().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("timing.strikeSeconds") && line.contains("soon") && line.contains("expected"), line);
    }

    @Test
    void verifyLogExitsZeroWithTheSummaryForAnIntactLog() throws Exception {
        Path db = DoorLogFixture.database(dir.resolve("door.db"), 3);
        Path copy = DoorLogFixture.export(db, dir.resolve("events.jsonl"));
        assertEquals(0, run("verify-log", "--db", db.toString()));
        assertEquals(0, run("verify-log", "--events=" + copy));
        List<String> lines = stdout().lines().toList();
        assertEquals(2, lines.size(), stdout());
        assertTrue(lines.get(0).startsWith("ok: 3 events, seq 1..3, door main/door-1, last chain "), lines.get(0));
        assertTrue(lines.get(1).endsWith("; 0 duplicates skipped"), lines.get(1));
        assertEquals("", stderr());
    }

    @Test
    void verifyLogExitsOneNamingTheFirstBreakOnStandardOutput() throws Exception {
        Path db = DoorLogFixture.database(dir.resolve("door.db"), 3);
        try (Connection c = DoorLogFixture.jdbc(db)) {
            DoorLogFixture.execute(c, "DELETE FROM events WHERE seq = 2");
        }
        assertEquals(1, run("verify-log", "--db", db.toString()));
        assertEquals("break at seq 2: expected seq 2, found 3 (1 event missing)", stdout().strip());
        assertEquals("", stderr());
    }

    @Test
    void verifyLogExitsTwoWithOneLineForBadUsageOrAnUnreadableFile() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a database, not events\n".repeat(50));
        List<List<String>> misuses = List.of(
                List.of("verify-log"),
                List.of("verify-log", "--db"),
                List.of("verify-log", "--db", notes.toString(), "--events", notes.toString()),
                List.of("verify-log", "--file", notes.toString()),
                List.of("verify-log", "--db", dir.resolve("missing.db").toString()),
                List.of("verify-log", "--events", dir.resolve("missing.jsonl").toString()),
                List.of("verify-log", "--db", notes.toString()));
        for (List<String> args : misuses) {
            err.reset();
            assertEquals(2, run(args.toArray(String[]::new)), args.toString());
            assertEquals(1, stderr().strip().lines().count(), stderr());
        }
        assertTrue(stderr().contains("is not a door controller database"), stderr());
        assertEquals("", stdout());
    }

    private Path visits() {
        return new VisitLogFixture(dir.resolve("door.db")).person("P-001", "Operator One")
                .visit("V-2026-0042", "Budi").with("purpose", "Replace disk").with("escortIds", List.of("P-001")).done()
                .write();
    }

    @Test
    void reportExitsZeroWithTheReportOnStandardOutput() {
        Path db = visits();
        assertEquals(0, run("report", "--db", db.toString(), "--from", "2026-11-01", "--to=2026-11-30"));
        assertTrue(stdout().startsWith("<!DOCTYPE html>"), stdout());
        assertTrue(stdout().contains("P-001 Operator One"), stdout());
        assertEquals("", stderr());
        out.reset();
        assertEquals(0, run("report", "--db", db.toString(), "--from", "2026-01-01", "--to", "2026-01-31",
                "--format", "csv"));
        assertTrue(stdout().startsWith("Visit,Visitor,"), stdout());
    }

    @Test
    void reportOutWritesTheFileAndReplacesAnEarlierOne() throws Exception {
        Path db = visits();
        Path file = dir.resolve("november.html");
        Files.writeString(file, "an older report");
        assertEquals(0, run("report", "--db", db.toString(), "--from", "2026-11-01", "--to", "2026-11-30",
                "--out", file.toString()));
        assertEquals("", stdout(), "the report goes to the file only");
        assertEquals("", stderr());
        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(written.startsWith("<!DOCTYPE html>") && written.contains("V-2026-0042"), written);
        assertEquals(List.of("door.db", "november.html"), Files.list(dir).map(p -> p.getFileName().toString())
                .filter(n -> !n.startsWith("door.db-")).sorted().toList(), "no temporary file is left behind");
    }

    @Test
    void reportExitsTwoWithOneLineForBadUsageOrAnUnreadableDatabase() throws Exception {
        Path db = visits();
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not a database\n".repeat(100));
        String d = db.toString();
        List<List<String>> misuses = List.of(
                List.of("report"),
                List.of("report", "--db", d, "--from", "2026-11-01"),
                List.of("report", "--db", d, "--from", "2026-11-01", "--to"),
                List.of("report", "--db", d, "--from", "2026-11-31", "--to", "2026-12-01"),
                List.of("report", "--db", d, "--from", "1 Nov 2026", "--to", "2026-11-30"),
                List.of("report", "--db", d, "--from", "2026-12-01", "--to", "2026-11-30"),
                List.of("report", "--db", d, "--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf"),
                List.of("report", "--db", d, "--from", "2026-11-01", "--to", "2026-11-30", "--to", "2026-11-30"),
                List.of("report", "--db", d, "--from", "2026-11-01", "--to", "2026-11-30", "--month", "11"),
                List.of("report", "--db", d, "--from", "2026-11-01", "--to", "2026-11-30",
                        "--out", dir.resolve("no-such-dir/report.html").toString()),
                List.of("report", "--db", dir.resolve("missing.db").toString(), "--from", "2026-11-01", "--to",
                        "2026-11-30"),
                List.of("report", "--db", notes.toString(), "--from", "2026-11-01", "--to", "2026-11-30"));
        for (List<String> args : misuses) {
            err.reset();
            assertEquals(2, run(args.toArray(String[]::new)), args.toString());
            assertEquals(1, stderr().strip().lines().count(), stderr());
        }
        assertTrue(stderr().contains("is not a door controller database"), stderr());
        assertEquals("", stdout());
        assertTrue(Files.notExists(dir.resolve("missing.db")), "the database is opened read-only, never created");
    }
}
