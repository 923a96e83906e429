package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.accessctl.app.Main;
import org.accessctl.testing.Await;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch} against the simulator's broker: the door's events as lines a person reads, with
 * names learnt from the retained records; coloured on a real terminal (a pseudo-terminal made by
 * {@code script}), plain in a pipe.
 */
class WatchTest {

    private static final String ESC = "\u001b[";

    @TempDir
    Path dir;

    private Simulator sim;
    private Path config;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void door() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", "{\"personId\":\"P-001\",\"name\":\"Operator One\",\"badgeUid\":\"0A1B2C3D4E\","
                + "\"roles\":[\"access\",\"escort\"],\"active\":true}");
        config = dir.resolve("operator.properties");
        Files.writeString(config, "mqtt.url = " + sim.door.brokerUrl() + "\n");
    }

    @AfterEach
    void stop() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // script(1)'s watch
            p.destroyForcibly();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void eachEventIsOneLineWithNamesAndReasons() throws Exception {
        ToolRun watch = ToolRun.start("watch", "--config", config.toString(), "--limit", "2");
        Await.until(Duration.ofSeconds(20), () -> watch.err().contains("watch: following"),
                () -> "watch to subscribe; stderr: " + watch.err());

        sim.tap("entry", "0A1B2C3D4E");
        sim.mqtt.awaitEvent("access_granted", java.util.Map.of("personId", "P-001"));
        sim.advance(5);
        sim.tap("entry", "FFFFFFFFFF");
        assertEquals(0, watch.status(), watch.err());
        List<String> lines = watch.out().lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  door-1  access_granted    "
                + "Operator One \\(P-001\\) let in at the entry reader"), lines.get(0));
        assertTrue(lines.get(1).endsWith("door-1  access_denied     badge FFFFFFFFFF refused at the entry reader: unknown badge"),
                lines.get(1));
        assertFalse(watch.out().contains(ESC), "no colour when not on a terminal");
    }

    @Test
    void colourOnATerminalPlainInAPipe() throws Exception {
        List<String> watch = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "watch", "--config", config.toString(), "--door", "door-1", "--limit", "1");
        // On a terminal: script(1) runs the command on a new pseudo-terminal and copies what it prints.
        String shellLine = String.join(" ", watch.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        Output tty = start(List.of("script", "-qfec", shellLine, "/dev/null"));
        Output pipe = start(watch);
        tty.await("watch: following");
        pipe.await("watch: following");

        sim.tap("entry", "FFFFFFFFFF");
        tty.await("refused at the entry reader: unknown badge");
        pipe.await("refused at the entry reader: unknown badge");

        assertTrue(tty.text().contains(ESC + "1;31m") && tty.text().contains("access_denied"), tty.text());
        assertFalse(pipe.text().contains(ESC), pipe.text());
        assertTrue(tty.process.waitFor(20, TimeUnit.SECONDS) && pipe.process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, pipe.process.exitValue(), pipe.text());
    }

    /** A child process's standard output and error, collected as they come. */
    private final class Output {
        final Process process;
        private final StringBuffer text = new StringBuffer();

        Output(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            return text.toString();
        }

        void await(String expected) {
            Await.until(Duration.ofSeconds(30), () -> text().contains(expected), () -> "\"" + expected + "\" in " + text());
        }
    }

    private Output start(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        return new Output(p);
    }
}
