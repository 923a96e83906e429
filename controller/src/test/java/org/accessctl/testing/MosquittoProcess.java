package org.accessctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests, on a loopback port with anonymous access and no persistence.
 * It can be stopped, killed and restarted on the same port, so tests can take the broker away
 * from a client and give it back.
 *
 * <p>Mosquitto is a test requirement, not an optional extra: without it {@link #start()} fails
 * with a message saying which package to install.
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final List<String> KNOWN_PATHS = List.of("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto",
            "/usr/bin/mosquitto", "/usr/local/bin/mosquitto", "/opt/homebrew/sbin/mosquitto");

    private final Path binary;
    private final int port;
    private final Path directory;
    private final Path log;
    private Process process;

    private MosquittoProcess(Path binary, int port) {
        this.binary = binary;
        this.port = port;
        try {
            this.directory = Files.createTempDirectory("mosquitto-test");
            this.log = directory.resolve("mosquitto.log");
            // Mosquitto drops root privileges to its own user: let that user read the config.
            directory.toFile().setReadable(true, false);
            directory.toFile().setExecutable(true, false);
            Path config = directory.resolve("mosquitto.conf");
            Files.writeString(config, "listener " + port + " 127.0.0.1\n"
                    + "allow_anonymous true\n"
                    + "persistence false\n", StandardCharsets.UTF_8);
            config.toFile().setReadable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Mosquitto config", e);
        }
    }

    /** Starts Mosquitto on a free loopback port and waits until it accepts connections. */
    public static MosquittoProcess start() {
        return startOnPort(FreePort.pick());
    }

    public static MosquittoProcess startOnPort(int port) {
        MosquittoProcess mosquitto = new MosquittoProcess(findBinary(), port);
        mosquitto.launch();
        return mosquitto;
    }

    /** Whether the Mosquitto binary is installed here. */
    public static boolean isInstalled() {
        return locate() != null;
    }

    public int port() {
        return port;
    }

    /** The address for clients: {@code tcp://127.0.0.1:PORT}. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops Mosquitto the polite way (SIGTERM) and waits for it to exit. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills Mosquitto outright (SIGKILL), as a crash or power cut would. */
    public synchronized void kill() {
        end(true);
    }

    /** Starts Mosquitto again on the same port, stopping it first if it still runs. Its state is gone. */
    public synchronized void restart() {
        end(false);
        launch();
    }

    /** What Mosquitto logged, for failure messages. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public synchronized void close() {
        end(true);
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private synchronized void launch() {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-c", directory.resolve("mosquitto.conf").toString()));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary, e);
        }
        awaitListening();
    }

    /** Polls the port: Mosquitto gives no other sign that it is ready. */
    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue()
                        + " before listening on port " + port + ":\n" + logText());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS); // a short pause that ends early if it dies
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for mosquitto", e);
                }
            }
        }
        end(true);
        throw new IllegalStateException("mosquitto did not listen on port " + port + " within " + STARTUP + ":\n" + logText());
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static Path findBinary() {
        Path found = locate();
        if (found == null) {
            throw new IllegalStateException("The mosquitto broker is not installed, and these tests need a real one. "
                    + "Install the Debian package: apt-get install mosquitto "
                    + "(or set MOSQUITTO_BIN to the mosquitto executable).");
        }
        return found;
    }

    private static Path locate() {
        String configured = System.getenv("MOSQUITTO_BIN");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? path : null;
        }
        List<Path> candidates = new ArrayList<>();
        KNOWN_PATHS.forEach(p -> candidates.add(Path.of(p)));
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "mosquitto"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }
}
