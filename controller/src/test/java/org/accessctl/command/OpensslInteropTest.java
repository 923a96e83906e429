package org.accessctl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens made with OpenSSL are accepted, and tokens we make verify with OpenSSL: our Ed25519, key
 * encodings and signing input agree with an implementation that is not ours.
 */
class OpensslInteropTest {

    @TempDir
    Path dir;

    private final TokenFixture f = new TokenFixture();

    @Test
    void aTokenSignedByOpensslIsAccepted() throws Exception {
        Openssl openssl = new Openssl(dir);
        openssl.run("genpkey", "-algorithm", "ed25519", "-out", "operator.pem");
        String publicPem = new String(openssl.run("pkey", "-in", "operator.pem", "-pubout"), StandardCharsets.US_ASCII);
        f.persons.put("P-001", TokenFixture.operator("P-001", Openssl.pemBody(publicPem)));

        Map<String, Object> claims = f.claims();
        claims.put("reason", "Vendor at the door \u2014 escort inside"); // non-ASCII survives as UTF-8
        String signingInput = TokenFixture.b64(TokenFixture.json(f.header())) + "." + TokenFixture.b64(TokenFixture.json(claims));
        Files.writeString(dir.resolve("msg"), signingInput, StandardCharsets.US_ASCII);
        openssl.run("pkeyutl", "-sign", "-rawin", "-inkey", "operator.pem", "-in", "msg", "-out", "sig");
        byte[] signature = Files.readAllBytes(dir.resolve("sig"));
        assertEquals(64, signature.length);

        Verification v = f.verify(signingInput + "." + TokenFixture.b64(signature));
        VerifiedCommand command = assertInstanceOf(VerifiedCommand.class, v, () -> v.toString());
        assertEquals("Vendor at the door \u2014 escort inside", command.reason());
    }

    @Test
    void aTokenWeSignVerifiesWithOpensslUsingTheRecordsPublicKey() throws Exception {
        Openssl openssl = new Openssl(dir);
        // Our key, exported the way keygen writes it, read by OpenSSL.
        String pem = "-----BEGIN PUBLIC KEY-----\n" + TokenFixture.publicKeyValue(f.operatorKeys) + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(dir.resolve("operator.pub"), pem, StandardCharsets.US_ASCII);
        SignedCommand signed = f.signer().sign(CommandType.UNLOCK, "door-1", "Vendor", OptionalInt.of(5),
                CommandSigner.DEFAULT_TTL);
        String[] parts = signed.token().split("\\.");
        Files.writeString(dir.resolve("msg"), parts[0] + "." + parts[1], StandardCharsets.US_ASCII);
        Files.write(dir.resolve("sig"), Base64.getUrlDecoder().decode(parts[2]));
        String verdict = new String(openssl.run("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "operator.pub",
                "-in", "msg", "-sigfile", "sig"), StandardCharsets.US_ASCII);
        assertEquals("Signature Verified Successfully", verdict.strip());
    }

    @Test
    void anOpensslPrivateKeySignsTokensTheDoorAccepts() throws Exception {
        Openssl openssl = new Openssl(dir);
        openssl.run("genpkey", "-algorithm", "ed25519", "-out", "operator.pem");
        byte[] der = openssl.run("pkey", "-in", "operator.pem", "-outform", "DER");
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        String publicPem = new String(openssl.run("pkey", "-in", "operator.pem", "-pubout"), StandardCharsets.US_ASCII);
        f.persons.put("P-001", TokenFixture.operator("P-001", Openssl.pemBody(publicPem)));
        SignedCommand signed = new CommandSigner(key, "P-001", f.clock, new java.security.SecureRandom())
                .sign(CommandType.RELEASE, "door-1", "Incident over", OptionalInt.empty(), CommandSigner.DEFAULT_TTL);
        assertInstanceOf(VerifiedCommand.class, f.verify(signed.token()));
    }
}
