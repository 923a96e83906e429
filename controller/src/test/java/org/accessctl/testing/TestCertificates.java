package org.accessctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small PKI for TLS tests, made with the {@code openssl} command as a technician would make
 * theirs: a CA, a server certificate for {@code localhost} (SAN {@code DNS:localhost},
 * {@code IP:127.0.0.1}) and a client certificate signed by it, and a second, unrelated CA to
 * trust by mistake. More certificates and other key forms are made on request.
 *
 * <p>Like Mosquitto, openssl is a test requirement: without it {@link #create(Path)} fails with a
 * message saying which package to install.
 */
public final class TestCertificates {

    /** The key algorithms a client certificate can have. */
    public enum KeyType {
        RSA("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"),
        EC("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"),
        ED25519("-algorithm", "ED25519");

        private final List<String> genpkeyArguments;

        KeyType(String... genpkeyArguments) {
            this.genpkeyArguments = List.of(genpkeyArguments);
        }
    }

    /** A certificate and its private key, as PEM files; the key is PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public record Identity(Path certificate, Path key) {
    }

    /** The client certificate's common name: what Mosquitto takes as the user name with {@code use_identity_as_username}. */
    public static final String CLIENT_NAME = "door-main-door-1";

    /** Days the certificates are valid: enough for any test run, short enough to be plainly for tests. */
    private static final String VALID_DAYS = "2";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path directory;
    private final Path opensslConfig;
    private final Identity ca;
    private final Identity otherCa;
    private final Identity server;
    private final Identity client;
    private int made;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.opensslConfig = write("openssl.cnf", """
                # Only what these certificates need, so the machine's own openssl.cnf does not matter.
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                CN = replaced by -subj
                [ca]
                basicConstraints = critical,CA:TRUE
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                """);
        this.ca = makeCa("ca", "Test door CA");
        this.otherCa = makeCa("other-ca", "Unrelated CA");
        this.server = issueServer("localhost", "DNS:localhost", "IP:127.0.0.1");
        this.client = issueClient(CLIENT_NAME, KeyType.EC);
    }

    /** Makes the CAs, the server and the client certificate in {@code directory}. */
    public static TestCertificates create(Path directory) {
        return new TestCertificates(directory);
    }

    /** The CA that signed {@link #server()}, {@link #client()} and everything issued later. */
    public Path caFile() {
        return ca.certificate();
    }

    /** A CA that signed nothing here: trusting it instead of {@link #caFile()} must fail. */
    public Path otherCaFile() {
        return otherCa.certificate();
    }

    /** The broker's certificate: CN and SAN {@code localhost}, SAN {@code 127.0.0.1}. */
    public Identity server() {
        return server;
    }

    /** The door's certificate, CN {@link #CLIENT_NAME}, with an EC P-256 key. */
    public Identity client() {
        return client;
    }

    /** A server certificate with this common name and these subject alternative names ({@code DNS:x}, {@code IP:y}). */
    public Identity issueServer(String commonName, String... subjectAltNames) {
        String extensions = "basicConstraints = critical,CA:FALSE\n"
                + "keyUsage = critical,digitalSignature\n"
                + "extendedKeyUsage = serverAuth\n"
                + (subjectAltNames.length > 0 ? "subjectAltName = " + String.join(",", subjectAltNames) + "\n" : "");
        return issue("server", commonName, KeyType.EC, extensions);
    }

    /** A client certificate with a key of this type. */
    public Identity issueClient(String commonName, KeyType type) {
        String extensions = "basicConstraints = critical,CA:FALSE\n"
                + "keyUsage = critical,digitalSignature\n"
                + "extendedKeyUsage = clientAuth\n";
        return issue("client", commonName, type, extensions);
    }

    /**
     * The same key in OpenSSL's older form: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) for RSA,
     * {@code BEGIN EC PRIVATE KEY} (SEC1) for EC.
     */
    public Path traditionalKey(Path pkcs8Key) {
        Path out = next("traditional.key");
        openssl("pkey", "-in", pkcs8Key.toString(), "-traditional", "-out", out.toString());
        return out;
    }

    /** The key encrypted with a passphrase as PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}). */
    public Path encryptedKey(Path key, String passphrase) {
        Path out = next("encrypted.key");
        openssl("pkcs8", "-topk8", "-in", key.toString(), "-passout", "pass:" + passphrase, "-out", out.toString());
        return out;
    }

    /** The key encrypted in the older OpenSSL way: {@code Proc-Type: 4,ENCRYPTED} headers in the PEM block. */
    public Path encryptedTraditionalKey(Path key, String passphrase) {
        Path out = next("encrypted-traditional.key");
        openssl("pkey", "-in", key.toString(), "-traditional", "-aes256", "-passout", "pass:" + passphrase,
                "-out", out.toString());
        return out;
    }

    private Identity makeCa(String name, String commonName) {
        Path key = generateKey(directory.resolve(name + ".key"), KeyType.EC);
        Path certificate = directory.resolve(name + ".pem");
        openssl("req", "-x509", "-new", "-config", opensslConfig.toString(), "-extensions", "ca",
                "-key", key.toString(), "-subj", "/CN=" + commonName, "-days", VALID_DAYS, "-sha256",
                "-out", certificate.toString());
        return new Identity(certificate, key);
    }

    private Identity issue(String role, String commonName, KeyType type, String extensions) {
        Path key = generateKey(next(role + ".key"), type);
        Path request = next(role + ".csr");
        openssl("req", "-new", "-config", opensslConfig.toString(), "-key", key.toString(), "-subj", "/CN=" + commonName,
                "-out", request.toString());
        Path extensionFile = write(next(role + ".ext").getFileName().toString(), "[leaf]\n" + extensions);
        Path certificate = next(role + ".pem");
        openssl("x509", "-req", "-in", request.toString(), "-CA", ca.certificate().toString(),
                "-CAkey", ca.key().toString(), "-set_serial", "0x" + HexFormat.of().formatHex(serial()),
                "-days", VALID_DAYS, "-sha256", "-extfile", extensionFile.toString(), "-extensions", "leaf",
                "-out", certificate.toString());
        return new Identity(certificate, key);
    }

    private Path generateKey(Path out, KeyType type) {
        List<String> arguments = new ArrayList<>(List.of("genpkey"));
        arguments.addAll(type.genpkeyArguments);
        arguments.addAll(List.of("-out", out.toString()));
        openssl(arguments.toArray(String[]::new));
        return out;
    }

    /** A fresh file name, so every certificate issued in one directory has its own files. */
    private Path next(String name) {
        return directory.resolve((++made) + "-" + name);
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] serial() {
        byte[] serial = new byte[8];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // and not zero
        return serial;
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("The openssl command is not installed, and these tests need it to make "
                    + "certificates. Install the Debian package: apt-get install openssl", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl " + arguments[0] + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running openssl", e);
        }
    }
}
