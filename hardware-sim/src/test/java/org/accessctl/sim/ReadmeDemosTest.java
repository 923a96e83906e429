package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.accessctl.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's demos, taken from README.md itself and run line by line in bash against a
 * simulator, as a technician types them: in the README's order and then in the reverse order,
 * so each runs twice and after any other. Only the ports (the test's simulator uses free ones)
 * and the jar (the build's classes) are substituted. Between lines the test waits as a person
 * at the door would: for the door to answer a tap, and for a published record to be stored.
 */
class ReadmeDemosTest {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final List<String> ACCESS = List.of("access_granted", "access_denied", "escort_pending");

    @TempDir
    Path dir;

    private Simulator sim;
    private Process bash;

    @AfterEach
    void stop() throws Exception {
        if (bash != null) {
            // The demos leave mosquitto_sub and watch running in the background, as in a
            // terminal: end everything this bash started, before bash itself.
            bash.descendants().forEach(ProcessHandle::destroy);
            bash.destroy();
            bash.waitFor(10, TimeUnit.SECONDS);
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** What each demo says the reader will see, as events of the door. */
    private static final Map<String, List<Predicate<Map<String, Object>>>> EXPECTED = Map.of(
            "Try it: a staff badge at the simulated door", List.of(
                    e -> is(e, "access_granted") && "P-001".equals(e.get("personId")) && "in".equals(e.get("direction")),
                    e -> is(e, "access_denied") && "unknown_badge".equals(e.get("reason")),
                    e -> is(e, "alarm_raised") && "door_forced_open".equals(e.get("alarm")),
                    e -> is(e, "alarm_cleared") && "door_forced_open".equals(e.get("alarm"))),
            "Try it: a visitor with an escort", List.of(
                    e -> is(e, "escort_pending") && e.get("visitId") != null,
                    e -> is(e, "access_granted") && e.get("visitId") != null && "P-001".equals(e.get("escortId")),
                    e -> is(e, "alarm_raised") && "visitor_unescorted".equals(e.get("alarm")),
                    e -> is(e, "alarm_cleared") && "visitor_unescorted".equals(e.get("alarm")),
                    e -> is(e, "visit_completed")),
            "Operators: remote unlock, lockdown, release", List.of(
                    e -> is(e, "command_accepted") && "P-001".equals(e.get("operatorId")),
                    e -> is(e, "access_granted") && "remote".equals(e.get("via"))));

    private static boolean is(Map<String, Object> e, String type) {
        return type.equals(e.get("type"));
    }

    @Test
    void theReadmeDemosWorkInAnyOrderAndTwice() throws Exception {
        Map<String, List<String>> demos = demos(readme());
        assertEquals(EXPECTED.keySet(), demos.keySet(), "every demo in the README has its expectations here, and back");
        List<String> follow = section(readme(), "Follow the door");
        assertEquals(2, follow.size(), "Follow the door: the operator's configuration, then watch: " + follow);
        // As the simulator program does on its first start: its own directory key beside its data,
        // where the README's person put finds it (sim-data/keys/ under the terminal's directory).
        Path keys = SimDirectoryKey.ensure(Files.createDirectories(dir.resolve("terminal")).resolve("sim-data"));
        sim = Simulator.start(dir, "records.directoryKeys=" + keys);
        startBash();

        // The README's watch, left running in the background while the demos run.
        run("Follow the door", follow.get(0));
        assertTrue(follow.get(1).contains(" watch "), follow.get(1));
        run("Follow the door", follow.get(1) + " > watch.out 2>&1 &");
        Path watchOut = dir.resolve("terminal").resolve("watch.out");
        Await.until(STEP, () -> read(watchOut).contains("watch: following"), () -> "watch to start: " + read(watchOut));

        List<String> order = new ArrayList<>(demos.keySet());
        for (int pass = 0; pass < 2; pass++) {
            int round = pass + 1;
            for (String demo : order) {
                // A person takes a moment between demos: the same badge read again within
                // timing.repeatSuppressMillis (1.5 s) would be one read held at the reader.
                sim.advance(2);
                long mark = lastSeq();
                for (String line : demos.get(demo)) {
                    run(demo, line);
                }
                for (Predicate<Map<String, Object>> expected : EXPECTED.get(demo)) {
                    Await.until(STEP, () -> eventsAfter(mark).stream().anyMatch(expected),
                            () -> "\"" + demo + "\" (pass " + round + "): an expected event is missing; after seq " + mark
                                    + " the door logged " + eventsAfter(mark));
                }
                assertFalse(eventsAfter(mark).stream().anyMatch(e -> is(e, "command_rejected") || is(e, "record_rejected")
                        && !String.valueOf(e.get("topic")).contains("barrier")), () -> demo + ": " + eventsAfter(mark));
            }
            java.util.Collections.reverse(order);
        }
        // watch told the same story in words, with the names from the records.
        for (String said : List.of("Operator One (P-001) let in at the entry reader",
                "badge FFFFFFFFFF refused at the entry reader: unknown badge",
                "ALARM: visitor inside without an escort — Budi (visitor, V-",
                "door unlocked remotely by Operator One (P-001): \"Vendor at the door\"")) {
            Await.until(STEP, () -> read(watchOut).contains(said), () -> "watch to print \"" + said + "\": " + read(watchOut));
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The lines of the sh blocks under one heading. */
    private static List<String> section(Path readme, String heading) throws IOException {
        List<String> lines = new ArrayList<>();
        String current = null;
        boolean inBlock = false;
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                current = line.substring(3).strip();
            } else if (line.startsWith("```")) {
                inBlock = !inBlock && line.equals("```sh");
            } else if (inBlock && heading.equals(current) && !line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static Path readme() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("hardware-sim"))) {
                return d.resolve("README.md");
            }
        }
        throw new AssertionError("README.md of the repository not found above " + Path.of("").toAbsolutePath());
    }

    /** The sh blocks of the sections whose heading starts "Try it" or "Operators", by heading. */
    static Map<String, List<String>> demos(Path readme) throws IOException {
        Map<String, List<String>> demos = new LinkedHashMap<>();
        String heading = null;
        boolean inBlock = false;
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                heading = line.substring(3).strip();
            } else if (line.startsWith("```")) {
                inBlock = !inBlock && line.equals("```sh");
            } else if (inBlock && heading != null && (heading.startsWith("Try it") || heading.startsWith("Operators"))
                    && !line.isBlank()) {
                demos.computeIfAbsent(heading, h -> new ArrayList<>()).add(line);
            }
        }
        return demos;
    }

    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();
    private Writer input;
    private int steps;

    private void startBash() throws IOException {
        Path work = Files.createDirectories(dir.resolve("terminal"));
        ProcessBuilder pb = new ProcessBuilder("bash", "-s").directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("DEMO_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("DEMO_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        bash = pb.start();
        input = new OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                // bash ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        // The jar the README names is the build's output; here the same program runs from the test's classes.
        input.write("java() { if [ \"$1\" = -jar ] && [ \"$2\" = controller/target/door-controller.jar ]; then shift 2;"
                + " \"$DEMO_JAVA\" -Xmx64m -cp \"$DEMO_CLASSPATH\" org.accessctl.app.Main \"$@\";"
                + " else \"$DEMO_JAVA\" \"$@\"; fi; }\n");
        input.flush();
    }

    /** Runs one README line; fails with the transcript if it fails; then waits as a person would. */
    private void run(String demo, String readmeLine) throws Exception {
        int http = sim.door.httpPort();
        int broker = Integer.parseInt(sim.door.brokerUrl().substring(sim.door.brokerUrl().lastIndexOf(':') + 1));
        String line = readmeLine.replace("127.0.0.1:8080", "127.0.0.1:" + http)
                .replace("127.0.0.1:1883", "127.0.0.1:" + broker)
                .replace("-h 127.0.0.1 ", "-h 127.0.0.1 -p " + broker + " ");
        long mark = lastSeq();
        String done = "__step_" + (++steps) + "__";
        // On a line of its own: curl's answers end without a newline.
        input.write(line + "\nprintf '\\n%s %s\\n' " + done + " $?\n");
        input.flush();
        transcript.append("$ ").append(line).append('\n');
        while (true) {
            String out = output.poll(STEP.toSeconds(), TimeUnit.SECONDS);
            if (out == null) {
                throw new AssertionError(demo + ": no end of\n  " + readmeLine + "\ntranscript:\n" + transcript);
            }
            if (out.startsWith(done)) {
                assertEquals(done + " 0", out, () -> demo + ": this README line failed:\n  " + readmeLine
                        + "\ntranscript:\n" + transcript);
                break;
            }
            transcript.append(out).append('\n');
        }
        if (line.contains("mosquitto_pub") || line.contains("door-controller.jar person ")
                || line.contains("door-controller.jar visit ")) {
            sim.barrier(); // the door stores records in order: after the barrier, this one is stored
        }
        int taps = line.split("/api/readers/", -1).length - 1;
        if (taps > 0) {
            Await.until(STEP, () -> eventsAfter(mark).stream().filter(e -> ACCESS.contains(e.get("type"))).count() >= taps,
                    () -> demo + ": the door's answer to " + readmeLine + "; events after " + mark + ": "
                            + eventsAfter(mark) + "\ntranscript:\n" + transcript);
        }
    }

    private List<Map<String, Object>> eventsAfter(long seq) {
        return sim.mqtt.events().stream().filter(e -> ((Number) e.get("seq")).longValue() > seq).toList();
    }

    private long lastSeq() {
        return sim.mqtt.events().stream().mapToLong(e -> ((Number) e.get("seq")).longValue()).max().orElse(0);
    }
}
