package org.accessctl.command;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code openssl} command line, as an Ed25519 implementation that is not ours. It is a test
 * requirement: without it the tests fail, saying which package to install, rather than skip.
 */
public final class Openssl {

    private final Path binary;
    private final Path dir;

    public Openssl(Path dir) {
        this.binary = locate();
        this.dir = dir;
    }

    private static Path locate() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/openssl"), Path.of("/usr/local/bin/openssl")));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    candidates.add(Path.of(d, "openssl"));
                }
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new AssertionError(
                "openssl is not installed, and these tests need it to check our tokens against another "
                        + "Ed25519 implementation. Install the Debian package: apt-get install openssl"));
    }

    /** Runs {@code openssl args...} in the test's directory and returns its standard output. */
    public byte[] run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(dir, "openssl", ".err");
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(stderr.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed with " + p.exitValue() + ": "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The body of a PEM block: the base64 between the BEGIN and END lines, on one line. */
    public static String pemBody(String pem) {
        StringBuilder body = new StringBuilder();
        for (String line : pem.split("\n")) {
            if (!line.startsWith("-----") && !line.isBlank()) {
                body.append(line.strip());
            }
        }
        return body.toString();
    }
}
