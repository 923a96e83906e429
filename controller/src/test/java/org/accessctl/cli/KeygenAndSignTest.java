package org.accessctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accessctl.command.CommandVerifier;
import org.accessctl.command.OperatorKey;
import org.accessctl.command.ReplayGuard;
import org.accessctl.command.VerifiedCommand;
import org.accessctl.core.Person;
import org.accessctl.json.JsonObject;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenAndSignTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atVisitMorning();
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int keygen(String... args) {
        reset();
        return KeygenCommand.run(List.of(args), print(out), print(err));
    }

    private int sign(String... args) {
        reset();
        return SignCommand.run(List.of(args), clock, print(out), print(err));
    }

    private void reset() {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Makes P-001's key in dir/keys and returns the publicKey value keygen printed. */
    private String keygenP001() {
        assertEquals(0, keygen("--person", "P-001", "--out", dir.resolve("keys").toString()), stderr());
        return stdout().lines().findFirst().orElseThrow();
    }

    private CommandVerifier door(String publicKey) {
        Person operator = new Person("P-001", "Operator One", null, Set.of("operator"), true, Set.of("door-1"), publicKey);
        ReplayGuard nothingSeen = new ReplayGuard() {
            @Override
            public boolean seen(String jti) {
                return false;
            }

            @Override
            public void remember(String jti, java.time.Instant expiresAt) {
            }
        };
        return new CommandVerifier("door-1", clock, id -> Optional.of(operator).filter(p -> p.personId().equals(id)),
                nothingSeen);
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyAndPrintsOnlyThePublicHalf() throws Exception {
        String publicKey = keygenP001();
        Path key = dir.resolve("keys/P-001.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n") && pem.endsWith("-----END PRIVATE KEY-----\n"), pem);

        OperatorKey.fromBase64(publicKey); // a valid record value
        assertEquals(44, Base64.getDecoder().decode(publicKey).length);
        String printed = stdout();
        assertEquals(2, printed.lines().count(), printed);
        assertTrue(printed.lines().skip(1).findFirst().orElseThrow().contains(key.toString()), printed);
        String privateBody = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(printed.contains(privateBody) || printed.contains("PRIVATE KEY"), "the private key never appears");
        assertEquals("", stderr());
    }

    @Test
    void keygenNeverOverwritesAKey() throws Exception {
        keygenP001();
        Path key = dir.resolve("keys/P-001.key");
        String before = Files.readString(key);
        assertEquals(2, keygen("--person", "P-001", "--out", dir.resolve("keys").toString()));
        assertTrue(stderr().contains("already exists"), stderr());
        assertEquals(1, stderr().lines().count());
        assertEquals(before, Files.readString(key));
    }

    @Test
    void keygenRefusesBadUsage() {
        assertEquals(0, keygen("--help"));
        assertTrue(stdout().contains("keygen --person ID --out DIR"));
        assertEquals(2, keygen("--person", "../etc/passwd", "--out", dir.toString()));
        assertEquals(2, keygen("--person", ".hidden", "--out", dir.toString()));
        assertEquals(2, keygen("--person", "P-001"));
        assertEquals(2, keygen("--person", "P-001", "--out", dir.toString(), "--force", "yes"));
        assertTrue(stderr().contains("unknown option --force"), stderr());
        assertEquals(2, keygen("P-001"));
        assertFalse(Files.exists(dir.resolve("P-001.key")));
    }

    @Test
    void aTokenFromSignIsVerifiedWithThePublicKeyFromKeygen() throws Exception {
        String publicKey = keygenP001();
        String key = dir.resolve("keys/P-001.key").toString();
        assertEquals(0, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock",
                "--reason", "Vendor at the door", "--seconds", "12"), stderr());
        String token = stdout().strip();
        assertEquals(1, stdout().lines().count());
        VerifiedCommand v = assertInstanceOf(VerifiedCommand.class, door(publicKey).verify(token));
        assertEquals("P-001", v.operatorId());
        assertEquals(12, v.seconds().getAsInt());

        JsonObject claims = JsonObject.parseBytes(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertEquals(clock.instant().getEpochSecond(), claims.requireLong("iat"));
        assertEquals(30, claims.requireLong("exp") - claims.requireLong("iat"), "default lifetime");
    }

    @Test
    void signDefaultsAndLimits() throws Exception {
        String publicKey = keygenP001();
        String key = dir.resolve("keys/P-001.key").toString();
        assertEquals(0, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x",
                "--ttl", "120"));
        VerifiedCommand unlock = assertInstanceOf(VerifiedCommand.class, door(publicKey).verify(stdout().strip()));
        assertEquals(5, unlock.seconds().getAsInt(), "unlock defaults to 5 s");
        assertEquals(clock.instant().plusSeconds(120), unlock.expiresAt());

        assertEquals(0, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "lockdown", "--reason", "x"));
        JsonObject claims = JsonObject.parseBytes(Base64.getUrlDecoder().decode(stdout().strip().split("\\.")[1]));
        assertFalse(claims.has("seconds"), "lockdown carries no seconds");
        assertInstanceOf(VerifiedCommand.class, door(publicKey).verify(stdout().strip()));
    }

    @Test
    void signRefusesBadUsageWithOneLineAndExitTwo() throws Exception {
        keygenP001();
        String key = dir.resolve("keys/P-001.key").toString();
        List<List<String>> bad = List.of(
                List.of("--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x"),
                List.of("--key", key, "--door", "door-1", "--cmd", "unlock", "--reason", "x"),
                List.of("--key", key, "--kid", "P-001", "--cmd", "unlock", "--reason", "x"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--reason", "x"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", " "),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "open", "--reason", "x"),
                List.of("--key", key, "--kid", "P-001", "--door", "Door 1", "--cmd", "unlock", "--reason", "x"),
                List.of("--key", key, "--kid", "P 001", "--door", "door-1", "--cmd", "unlock", "--reason", "x"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x", "--seconds", "61"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x", "--seconds", "0"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "lockdown", "--reason", "x", "--seconds", "5"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x", "--ttl", "121"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x", "--ttl", "soon"),
                List.of("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "r".repeat(501)),
                List.of("--key", dir.resolve("missing.key").toString(), "--kid", "P-001", "--door", "door-1", "--cmd",
                        "unlock", "--reason", "x"));
        for (List<String> args : bad) {
            assertEquals(2, sign(args.toArray(String[]::new)), args.toString());
            assertEquals(1, stderr().lines().count(), stderr());
            assertEquals("", stdout(), "no token for a bad request");
        }
        assertEquals(0, sign("--help"));
        assertTrue(stdout().contains("--cmd unlock|lockdown|release"));
    }

    @Test
    void signRefusesAKeyOthersCanReadAndAFileThatIsNoKey() throws Exception {
        keygenP001();
        Path key = dir.resolve("keys/P-001.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(2, sign("--key", key.toString(), "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x"));
        assertTrue(stderr().contains("chmod 600"), stderr());

        Path notAKey = dir.resolve("not.key");
        Files.writeString(notAKey, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(notAKey, PosixFilePermissions.fromString("rw-------"));
        assertEquals(2, sign("--key", notAKey.toString(), "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--reason", "x"));
        assertTrue(stderr().contains("does not hold an Ed25519 private key"), stderr());
        assertFalse(stderr().contains("AAAA"));
    }

    private int cosign(String token, String... args) {
        reset();
        return CosignCommand.run(List.of(args), new java.io.ByteArrayInputStream(token.getBytes(StandardCharsets.US_ASCII)),
                clock, print(out), print(err));
    }

    @Test
    void twoOperatorsMakeOneOverrideWithSignThenCosign() throws Exception {
        String first = keygenP001();
        assertEquals(0, keygen("--person", "P-004", "--out", dir.resolve("keys").toString()), stderr());
        String second = stdout().lines().findFirst().orElseThrow();
        String keyA = dir.resolve("keys/P-001.key").toString();
        String keyB = dir.resolve("keys/P-004.key").toString();

        assertEquals(0, sign("--key", keyB, "--kid", "P-004", "--door", "door-1", "--cmd", "override",
                "--reason", "Fire brigade", "--ttl", "120"), stderr());
        String once = stdout().strip();
        assertTrue(once.startsWith("{\"payload\":"), once);
        assertTrue(stderr().contains("needs a second operator's signature"), stderr());

        assertEquals(2, cosign(once, "--key", keyB, "--kid", "P-004"), "the first signer cannot cosign");
        assertEquals("", stdout());
        assertEquals(0, cosign(once, "--key", keyA, "--kid", "P-001"), stderr());
        assertTrue(stderr().contains("override of door door-1 for 300 s, signed by P-004"), stderr());
        String both = stdout().strip();

        Map<String, Person> operators = Map.of(
                "P-001", new Person("P-001", "A", null, Set.of("operator"), true, Set.of(), first),
                "P-004", new Person("P-004", "B", null, Set.of("operator"), true, Set.of(), second));
        ReplayGuard nothingSeen = new ReplayGuard() {
            @Override
            public boolean seen(String jti) {
                return false;
            }

            @Override
            public void remember(String jti, java.time.Instant expiresAt) {
            }
        };
        VerifiedCommand v = assertInstanceOf(VerifiedCommand.class, new CommandVerifier("door-1", clock,
                id -> Optional.ofNullable(operators.get(id)), nothingSeen).verify(both));
        assertEquals(List.of("P-004", "P-001"), v.operatorIds());
        assertEquals(300, v.seconds().getAsInt(), "an override defaults to all it may: 300 s");

        assertEquals(2, cosign(both, "--key", keyA, "--kid", "P-001"), "already signed twice");
        assertEquals(2, cosign("not a token", "--key", keyA, "--kid", "P-001"));
        clock.advance(java.time.Duration.ofSeconds(120));
        assertEquals(2, cosign(once, "--key", keyA, "--kid", "P-001"));
        assertTrue(stderr().contains("expired"), stderr());
    }

    @Test
    void clearNeedsAPersonAndOnlyClearTakesOne() throws Exception {
        String publicKey = keygenP001();
        String key = dir.resolve("keys/P-001.key").toString();
        assertEquals(0, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "clear", "--person", "P-003",
                "--reason", "Left by the fire exit"), stderr());
        VerifiedCommand v = assertInstanceOf(VerifiedCommand.class, door(publicKey).verify(stdout().strip()));
        assertEquals(Optional.of("P-003"), v.personId());

        assertEquals(2, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "clear", "--reason", "x"));
        assertEquals(2, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "unlock", "--person", "P-003",
                "--reason", "x"));
        assertEquals(2, sign("--key", key, "--kid", "P-001", "--door", "door-1", "--cmd", "override", "--seconds", "301",
                "--reason", "x"));
    }
}
