package org.accessctl.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto on a loopback port in its default configuration, as a site runs it: 1,000
 * messages queued and 20 in flight per client, no size limit. Only the listener and anonymous
 * access are set (and no persistence, so each run starts empty).
 */
final class BenchBroker implements AutoCloseable {

    private static final List<String> PATHS = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/usr/local/bin/mosquitto");

    private final int port;
    private final Path dir;
    private Process process;

    private BenchBroker(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** A stock broker, not yet started. */
    static BenchBroker onPort(int port, Path dir) {
        return new BenchBroker(port, dir);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** CPU time the broker has used so far (user and system), in seconds, from /proc. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            // The fields after the command name (which may hold spaces) in parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in USER_HZ (100)
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident memory of the broker in KiB, from /proc. */
    long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    BenchBroker start() {
        try {
            Files.createDirectories(dir);
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            Path conf = dir.resolve("mosquitto-" + port + ".conf");
            String text = "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n";
            Files.writeString(conf, text, StandardCharsets.UTF_8);
            conf.toFile().setReadable(true, false);
            process = new ProcessBuilder(binary(), "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto-" + port + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException notYet) {
                sleep(10);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    static String binary() {
        String configured = System.getenv("MOSQUITTO_BIN");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String p : PATHS) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        throw new IllegalStateException("the benchmarks need Mosquitto: apt-get install mosquitto");
    }

    static String version() {
        try {
            Process p = new ProcessBuilder(binary(), "-h").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            return out.lines().filter(l -> l.contains("version")).findFirst().orElse("unknown").trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
