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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests, on a loopback port with anonymous access and no persistence.
 * It can be stopped, killed and restarted on the same port, so tests can take the broker away
 * from a client and give it back.
 *
 * <p>{@link #tls(Path, TestCertificates.Identity)} sets up a TLS listener instead, optionally
 * requiring client certificates and passwords, as a production broker would.
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
    private final boolean tls;
    private final Path directory;
    private final Path log;
    private Process process;

    private MosquittoProcess(Path binary, int port, TlsListener tlsListener) {
        this(binary, port, tlsListener, false);
    }

    private MosquittoProcess(Path binary, int port, TlsListener tlsListener, boolean persistent) {
        this(binary, port, tlsListener, persistent, null, "");
    }

    private MosquittoProcess(Path binary, int port, TlsListener tlsListener, boolean persistent,
                             AccessControl accessControl, String extra) {
        this.binary = binary;
        this.port = port;
        this.tls = tlsListener != null;
        try {
            this.directory = Files.createTempDirectory("mosquitto-test");
            this.log = directory.resolve("mosquitto.log");
            // Mosquitto drops root privileges to its own user: let that user read the config.
            directory.toFile().setReadable(true, false);
            directory.toFile().setExecutable(true, false);
            String listener = accessControl != null ? accessControl.configuration(port, directory)
                    : tlsListener == null
                    ? "listener " + port + " 127.0.0.1\n" + "allow_anonymous true\n"
                    : tlsListener.configuration(port, directory);
            Path config = directory.resolve("mosquitto.conf");
            // Persistent, as Debian's package sets it up: the store is saved on a clean stop.
            String store = persistent ? "persistence true\npersistence_location " + directory + "/\n" : "persistence false\n";
            if (persistent) {
                directory.toFile().setWritable(true, false);
            }
            // Extra lines go last: a bridge's "connection" block takes every option after it.
            Files.writeString(config, listener + store + extra, StandardCharsets.UTF_8);
            config.toFile().setReadable(true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Mosquitto config", e);
        }
    }

    /**
     * A TLS listener to set up and {@link TlsListener#start() start}: the broker presents
     * {@code server} and trusts client certificates signed by the CAs in {@code caFile}.
     */
    public static TlsListener tls(Path caFile, TestCertificates.Identity server) {
        return new TlsListener(caFile, server);
    }

    /** How the TLS broker is set up; each method returns this for chaining. */
    public static final class TlsListener {
        private final Path caFile;
        private final TestCertificates.Identity server;
        private boolean requireCertificate;
        private boolean identityAsUsername;
        private final Map<String, String> passwords = new LinkedHashMap<>();

        private TlsListener(Path caFile, TestCertificates.Identity server) {
            this.caFile = caFile;
            this.server = server;
        }

        /** Mutual TLS: clients without a certificate signed by the CA are refused. */
        public TlsListener requireClientCertificate() {
            this.requireCertificate = true;
            return this;
        }

        /** The client certificate's common name becomes the user name; implies {@link #requireClientCertificate()}. */
        public TlsListener identityAsUsername() {
            this.requireCertificate = true;
            this.identityAsUsername = true;
            return this;
        }

        /** Only this user with this password may connect (anonymous access off); call again for more users. */
        public TlsListener user(String username, String password) {
            passwords.put(username, password);
            return this;
        }

        public MosquittoProcess start() {
            return startOnPort(FreePort.pick());
        }

        public MosquittoProcess startOnPort(int port) {
            MosquittoProcess mosquitto = new MosquittoProcess(findBinary(), port, this);
            mosquitto.launch();
            return mosquitto;
        }

        /** The listener's lines, with the files copied where Mosquitto's own user can read them. */
        private String configuration(int port, Path directory) throws IOException {
            StringBuilder config = new StringBuilder("listener " + port + " 127.0.0.1\n")
                    .append("cafile ").append(readableCopy(caFile, directory, "ca.pem")).append('\n')
                    .append("certfile ").append(readableCopy(server.certificate(), directory, "server.pem")).append('\n')
                    .append("keyfile ").append(readableCopy(server.key(), directory, "server.key")).append('\n')
                    .append("require_certificate ").append(requireCertificate).append('\n')
                    .append("use_identity_as_username ").append(identityAsUsername).append('\n');
            if (passwords.isEmpty()) {
                config.append("allow_anonymous true\n");
            } else {
                config.append("allow_anonymous false\n")
                        .append("password_file ").append(passwordFile(directory)).append('\n');
            }
            return config.toString();
        }

        private Path passwordFile(Path directory) {
            Path file = directory.resolve("passwords");
            boolean first = true;
            for (Map.Entry<String, String> user : passwords.entrySet()) {
                List<String> command = new ArrayList<>(List.of(findPasswdBinary().toString(), "-b"));
                if (first) {
                    command.add("-c");
                }
                command.addAll(List.of(file.toString(), user.getKey(), user.getValue()));
                run(command);
                first = false;
            }
            file.toFile().setReadable(true, false);
            return file;
        }

        private static Path readableCopy(Path source, Path directory, String name) throws IOException {
            Path copy = Files.copy(source, directory.resolve(name));
            copy.toFile().setReadable(true, false);
            return copy;
        }
    }

    /**
     * Starts Mosquitto on a free loopback port with only these users (passwords made by
     * {@code mosquitto_passwd}) and this ACL file's text, as a site's broker is set up.
     */
    public static MosquittoProcess withAccessControl(String acl, Map<String, String> users) {
        MosquittoProcess mosquitto = new MosquittoProcess(findBinary(), FreePort.pick(), null, false,
                new AccessControl(acl, users), "");
        mosquitto.launch();
        return mosquitto;
    }

    /** A plain listener with a password file and an ACL file. */
    private record AccessControl(String acl, Map<String, String> users) {
        String configuration(int port, Path directory) throws IOException {
            Path passwords = directory.resolve("passwd");
            boolean first = true;
            for (Map.Entry<String, String> user : users.entrySet()) {
                List<String> command = new ArrayList<>(List.of(findPasswdBinary().toString(), "-b"));
                if (first) {
                    command.add("-c");
                }
                command.addAll(List.of(passwords.toString(), user.getKey(), user.getValue()));
                run(command);
                first = false;
            }
            passwords.toFile().setReadable(true, false);
            Path aclFile = Files.writeString(directory.resolve("acl"), acl, StandardCharsets.UTF_8);
            aclFile.toFile().setReadable(true, false);
            return "listener " + port + " 127.0.0.1\nallow_anonymous false\npassword_file " + passwords
                    + "\nacl_file " + aclFile + "\n";
        }
    }

    /** Starts Mosquitto on a free loopback port and waits until it accepts connections. */
    public static MosquittoProcess start() {
        return startOnPort(FreePort.pick());
    }

    /** Starts Mosquitto with a store that survives {@link #restart()} after a clean {@link #stop()}. */
    public static MosquittoProcess startPersistent() {
        MosquittoProcess mosquitto = new MosquittoProcess(findBinary(), FreePort.pick(), null, true);
        mosquitto.launch();
        return mosquitto;
    }

    /**
     * Starts Mosquitto as {@link #start()} does, with {@code extraConfig} at the end of its
     * configuration (a bridge's {@code connection} block, say).
     */
    public static MosquittoProcess startWith(String extraConfig) {
        MosquittoProcess mosquitto = new MosquittoProcess(findBinary(), FreePort.pick(), null, false, null, extraConfig);
        mosquitto.launch();
        return mosquitto;
    }

    public static MosquittoProcess startOnPort(int port) {
        MosquittoProcess mosquitto = new MosquittoProcess(findBinary(), port, null);
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

    /** The broker's process id, for reading its CPU time and memory from {@code /proc}. */
    public synchronized long pid() {
        return process.pid();
    }

    /** The installed Mosquitto's version line, or {@code unknown}. */
    public static String version() {
        try {
            Process p = new ProcessBuilder(findBinary().toString(), "-h").redirectErrorStream(true).start();
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

    /** The address for clients: {@code tcp://127.0.0.1:PORT}, or {@code ssl://127.0.0.1:PORT} with TLS. */
    public String url() {
        return url("127.0.0.1");
    }

    /** The address for clients under another name for this machine, e.g. {@code localhost}. */
    public String url(String host) {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
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

    /**
     * Starts Mosquitto again on the same port, stopping it first if it still runs. Its state is
     * gone, unless it was started persistent (then what it saved on stopping comes back).
     */
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

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    /** {@code mosquitto_passwd} comes in the same Debian package, though often in another directory. */
    private static Path findPasswdBinary() {
        Path beside = findBinary().resolveSibling("mosquitto_passwd");
        if (Files.isExecutable(beside)) {
            return beside;
        }
        Path found = locateExecutable("mosquitto_passwd", List.of("/usr/bin/mosquitto_passwd",
                "/usr/local/bin/mosquitto_passwd", "/opt/homebrew/bin/mosquitto_passwd"));
        if (found == null) {
            throw new IllegalStateException("mosquitto_passwd is not installed; it comes with the mosquitto package");
        }
        return found;
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
        return locateExecutable("mosquitto", KNOWN_PATHS);
    }

    private static Path locateExecutable(String name, List<String> knownPaths) {
        List<Path> candidates = new ArrayList<>();
        knownPaths.forEach(p -> candidates.add(Path.of(p)));
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String dir : pathVariable.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }
}
