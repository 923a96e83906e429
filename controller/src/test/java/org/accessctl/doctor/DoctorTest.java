package org.accessctl.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import org.accessctl.serial.PseudoTerminal;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} on a machine like CI's: no GPIO, no broker; a real pseudo-terminal as the
 * reader's line, and a /proc and getty directory of the test's making.
 */
class DoctorTest {

    private static final Instant BUILD = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);
    private PseudoTerminal pty;
    private Path proc;
    private Path gettys;

    @BeforeEach
    void machine() throws Exception {
        pty = PseudoTerminal.open();
        proc = Files.createDirectories(dir.resolve("proc"));
        Files.writeString(proc.resolve("cmdline"), "console=tty1 root=PARTUUID=1234-02 rootfstype=ext4\n");
        gettys = Files.createDirectories(dir.resolve("getty.target.wants"));
        Files.createDirectories(dir.resolve("dev"));
        Files.createDirectories(dir.resolve("db"));
    }

    @AfterEach
    void close() {
        pty.close();
    }

    private int doctor(String... extraLines) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        StringBuilder file = new StringBuilder("mqtt.url = tcp://127.0.0.1:" + closedPort + "\n"
                + "db.path = " + dir.resolve("db/door.db") + "\n"
                + "reader.entry.port = " + pty.slavePath() + "\n");
        for (String line : extraLines) {
            file.append(line).append('\n');
        }
        Path config = Files.writeString(dir.resolve("controller.properties"), file);
        Doctor doctor = new Doctor(proc, dir.resolve("dev"), gettys, clock, BUILD);
        return doctor.run(List.of("--config", config.toString()), new Properties(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String line(String start) {
        return lines().stream().filter(l -> l.contains(start)).findFirst().orElseThrow(() -> new AssertionError(
                "no line with '" + start + "' in\n" + out.toString(StandardCharsets.UTF_8)));
    }

    @Test
    void oneLinePerCheckEachFailureWithWhatToDoAndExitOne() throws Exception {
        assertEquals(1, doctor());
        for (String l : lines()) {
            assertTrue(l.startsWith("ok    ") || l.startsWith("FAIL  ") || l.endsWith("failed"), l);
            assertFalse(l.contains("Exception\n") || l.contains("\tat "), l);
            if (l.startsWith("FAIL")) {
                assertTrue(l.contains(" -- to fix: "), "a failure says what to do: " + l);
            }
        }
        assertTrue(line("configuration").startsWith("ok"));
        assertTrue(line("serial entry reader " + pty.slavePath() + ":").startsWith("ok"), lines().toString());
        assertTrue(line("settings").contains("baud 8N1, raw"), lines().toString());
        assertTrue(line("GPIO chip").startsWith("FAIL"), "no GPIO on this machine, and no stack trace");
        assertTrue(line("database").startsWith("ok"));
        assertTrue(line("broker").startsWith("FAIL"));
        assertTrue(line("clock:").startsWith("ok"));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConsoleOnTheReadersLineIsFound() throws Exception {
        String name = Path.of(pty.slavePath()).getFileName().toString();
        Files.writeString(proc.resolve("cmdline"), "console=" + name + ",115200 console=tty1 root=/dev/mmcblk0p2\n");
        doctor();
        assertTrue(line("serial entry reader").contains("the kernel's console is on it (console=" + name + ",115200"),
                lines().toString());
    }

    @Test
    void anEnabledSerialGettyIsFound() throws Exception {
        String name = Path.of(pty.slavePath()).getFileName().toString();
        Files.createFile(gettys.resolve("serial-getty@" + name + ".service"));
        doctor();
        assertTrue(line("serial entry reader").contains("serial-getty@" + name + ".service is enabled"));
        assertTrue(line("serial entry reader").contains("systemctl disable --now serial-getty@"));
    }

    @Test
    void aMissingDeviceAndAnUnsetClockFail() throws Exception {
        clock.set(Instant.parse("1970-01-01T00:00:10Z"));
        doctor("reader.exit.port = /dev/does-not-exist-reader");
        assertTrue(line("serial exit reader /dev/does-not-exist-reader").contains("FAIL"));
        assertTrue(line("clock:").startsWith("FAIL") && line("clock:").contains("not set"));
    }

    @Test
    void aDatabaseDirectoryThatIsMissingFails() throws Exception {
        Files.delete(dir.resolve("db"));
        doctor();
        assertTrue(line("database").startsWith("FAIL") && line("database").contains("does not exist"));
    }

    @Test
    void aBadConfigurationIsOneLineAndExitTwo() throws Exception {
        assertEquals(2, doctor("timing.strikeSeconds = soon"));
        assertEquals(1, lines().size(), lines().toString());
        assertTrue(lines().get(0).startsWith("FAIL  configuration") && lines().get(0).contains("timing.strikeSeconds"));
    }
}
