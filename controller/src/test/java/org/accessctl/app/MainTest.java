package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
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

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheCommands() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("check-config --config FILE"));
        assertEquals(0, run("run", "--help"));
        assertEquals(0, run("check-config", "--help"));
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
}
