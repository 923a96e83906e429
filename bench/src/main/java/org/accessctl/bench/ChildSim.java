package org.accessctl.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accessctl.testing.FreePort;

/**
 * The simulator as its own JVM ({@code org.accessctl.sim.SimMain}, the main class of
 * door-sim.jar, on this program's class path), so that its heap limit, resident memory and
 * start-up are its own.
 */
final class ChildSim implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int httpPort;
    final long startedNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private ChildSim(Process process, Path log, int httpPort, long startedNanos) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.startedNanos = startedNanos;
    }

    static ChildSim start(Path dir, List<String> jvmOptions, Path db, String mqttUrl) throws IOException {
        // The benchmarks' records are plain JSON; the sync benchmark measures signed ones itself.
        return start(dir, jvmOptions, db, mqttUrl, "org.accessctl.sim.SimMain", List.of("--unsigned"));
    }

    /**
     * Starts {@code mainClass} (the simulator, or the fleet's {@link FleetNode}) on this
     * program's class path with the door's database, broker and a free HTTP port as
     * {@code -D} settings.
     */
    static ChildSim start(Path dir, List<String> jvmOptions, Path db, String mqttUrl, String mainClass,
                          List<String> args) throws IOException {
        Files.createDirectories(dir);
        int httpPort = FreePort.pick();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-Ddb.path=" + db);
        cmd.add("-Dmqtt.url=" + mqttUrl);
        cmd.add("-Dsim.http.port=" + httpPort);
        cmd.add("-Dsim.broker.port=" + FreePort.pick());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Path log = dir.resolve("simulator.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new ChildSim(p, log, httpPort, t0);
    }

    int httpPort() {
        return httpPort;
    }

    /** Threads of the process now, from /proc. */
    long threads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return -1;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for {@code GET /api/state} to answer 200; returns the time it did, or -1. */
    long awaitApi(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/state"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            BenchMain.sleep(5);
        }
        return -1;
    }

    /**
     * Waits for the door itself to say it is online ({@code "mqtt":"online"} in
     * {@code GET /api/state}, set once it has subscribed and published {@code online}); returns
     * the time it did, or -1. The door's own view, not a subscriber's: a subscriber that connects
     * after the door would see only the retained {@code online}, at its own connect time.
     */
    long awaitMqttOnline(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/state"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(get, HttpResponse.BodyHandlers.ofString()).body().contains("\"mqtt\":\"online\"")) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // not answering yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            BenchMain.sleep(5);
        }
        return -1;
    }

    /** VmRSS and VmHWM (peak) in KiB, from /proc. */
    long[] residentKb() {
        long rss = -1;
        long hwm = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    hwm = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return new long[] {rss, hwm};
    }

    /** Heap in use (KiB, all generations) as {@code jcmd GC.heap_info} reports it; after a full GC if asked. */
    long heapUsedKb(boolean afterFullGc) {
        if (afterFullGc) {
            jcmd("GC.run");
        }
        // One line per generation with the serial collector (young, tenured), one with G1: add them up.
        Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        long used = -1;
        while (m.find()) {
            used = Math.max(used, 0) + Long.parseLong(m.group(2));
        }
        return used;
    }

    private String jcmd(String what) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid()), what).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The first lines of {@code jcmd GC.class_histogram}: which objects fill the heap. */
    String classHistogram(int entries) {
        String[] lines = jcmd("GC.class_histogram").split("\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(lines.length, entries + 3); i++) {
            b.append(lines[i]).append('\n');
        }
        return b.toString().strip();
    }

    /** The log lines that mention the OutOfMemoryError (at most a few). */
    String oomLines() {
        return logText().lines().filter(l -> l.contains("OutOfMemoryError") || l.contains("fatal")).limit(8)
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    boolean ranOutOfMemory() {
        return logText().contains("OutOfMemoryError");
    }

    /** Stops it the way a service manager does (SIGTERM), so a flight recording is written. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
