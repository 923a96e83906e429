package org.accessctl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the verifier accepts, at the edges of every rule. */
class CommandVerifierTest {

    private final TokenFixture f = new TokenFixture();

    private VerifiedCommand accepted(Map<String, Object> claims) {
        Verification v = f.verify(f.token(f.header(), claims));
        if (v instanceof Rejection r) {
            throw new AssertionError("refused: " + r.reason() + " (" + r.detail() + ")");
        }
        return assertInstanceOf(VerifiedCommand.class, v);
    }

    @Test
    void acceptsAValidUnlockAndSaysWhatToRemember() {
        VerifiedCommand c = accepted(f.claims());
        assertEquals(new VerifiedCommand("P-001", CommandType.UNLOCK, "c-8f3a0000000000000000000000000001",
                "Vendor at the door, escort inside", OptionalInt.of(5), f.clock.instant().plusSeconds(30)), c);
        assertTrue(c.accepted());
        assertTrue(f.remembered.remembered.isEmpty(), "remembering is the caller's, in its own transaction");
    }

    @Test
    void acceptsTheSameTokenFromAnMqttPayload() {
        Verification v = f.verifier().verify(f.validToken().getBytes(StandardCharsets.US_ASCII), false);
        assertInstanceOf(VerifiedCommand.class, v);
    }

    @Test
    void screeningRefusesWhatTheBytesAloneCondemnAndLeavesTheRestToTheFullCheck() {
        CommandVerifier v = f.verifier();
        byte[] valid = f.validToken().getBytes(StandardCharsets.US_ASCII);
        assertTrue(v.screen(valid, false, true).isEmpty(), "a token that parses needs the door's state");
        assertTrue(v.screen("junk.1234.token".getBytes(StandardCharsets.US_ASCII), false, true).isPresent());
        assertEquals(RejectionReason.MALFORMED_TOKEN,
                v.screen("not a token".getBytes(StandardCharsets.US_ASCII), false, true).orElseThrow().reason());
        assertEquals(RejectionReason.RETAINED, v.screen(valid, true, true).orElseThrow().reason());
        assertEquals(RejectionReason.STALE, v.screen(valid, false, false).orElseThrow().reason());
        // A well-formed token with a bad signature passes the screen; the full check refuses it.
        byte[] forged = (f.validToken().substring(0, f.validToken().length() - 4) + "AAAA").getBytes(StandardCharsets.US_ASCII);
        assertTrue(v.screen(forged, false, true).isEmpty());
        assertInstanceOf(Rejection.class, v.verify(forged, false));
    }

    @Test
    void acceptsLockdownAndReleaseWithoutSeconds() {
        for (String cmd : new String[] {"lockdown", "release"}) {
            Map<String, Object> c = f.claims();
            c.put("cmd", cmd);
            c.remove("seconds");
            VerifiedCommand v = accepted(c);
            assertEquals(CommandType.fromWire(cmd).orElseThrow(), v.cmd());
            assertEquals(OptionalInt.empty(), v.seconds());
        }
    }

    @Test
    void acceptsTheLimitsOfEveryRule() {
        Map<String, Object> c = f.claims();
        c.put("iat", f.now() + 30);       // an operator's clock up to 30 s ahead
        c.put("exp", f.now() + 150);      // exactly 120 s after iat
        c.put("seconds", 60);
        c.put("reason", "r".repeat(500));
        c.put("jti", "j".repeat(128));
        VerifiedCommand v = accepted(c);
        assertEquals(Instant.ofEpochSecond(f.now() + 150), v.expiresAt());

        Map<String, Object> d = f.claims();
        d.put("iat", f.now() - 119);
        d.put("exp", f.now() + 1);        // one second left
        d.put("seconds", 1);
        d.put("jti", "x");
        accepted(d);
    }

    @Test
    void acceptsIntegralNumbersWrittenWithAFractionAndIgnoresUnknownClaimsAndTyp() {
        Map<String, Object> h = f.header();
        h.put("typ", "JWT");
        h.put("x-extra", Map.of("nested", 1));
        Map<String, Object> c = f.claims();
        c.put("seconds", new java.math.BigDecimal("5.0"));
        c.put("nbf", 0);
        Verification v = f.verify(f.token(h, c));
        assertEquals(OptionalInt.of(5), assertInstanceOf(VerifiedCommand.class, v).seconds());
    }

    @Test
    void expiresExactlyAtExp() {
        String token = f.validToken();
        f.clock.advance(Duration.ofSeconds(29));
        assertInstanceOf(VerifiedCommand.class, f.verify(token));
        f.clock.advance(Duration.ofMillis(999));
        assertInstanceOf(VerifiedCommand.class, f.verify(token));
        f.clock.advance(Duration.ofMillis(1));
        assertEquals(RejectionReason.EXPIRED, ((Rejection) f.verify(token)).reason());
    }

    @Test
    void aDoorWhoseClockIsNotSetRefusesEveryToken() {
        String token = f.validToken();
        f.clock.set(Instant.EPOCH);
        assertEquals(RejectionReason.NOT_YET_VALID, ((Rejection) f.verify(token)).reason());
    }

    @Test
    void aRememberedJtiIsRefusedAndOthersAreNot() {
        VerifiedCommand first = accepted(f.claims());
        f.remembered.remember(first.jti(), first.expiresAt());
        assertEquals(RejectionReason.REPLAYED, ((Rejection) f.verify(f.validToken())).reason());
        Map<String, Object> c = f.claims();
        c.put("jti", "c-another");
        accepted(c);
    }

    @Test
    void tokensFromTheSignerAreAccepted() {
        SignedCommand unlock = f.signer().sign(CommandType.UNLOCK, "door-1", "Vendor at the door", OptionalInt.of(7),
                CommandSigner.DEFAULT_TTL);
        VerifiedCommand v = assertInstanceOf(VerifiedCommand.class, f.verify(unlock.token()));
        assertEquals(unlock.jti(), v.jti());
        assertEquals(unlock.expiresAt(), v.expiresAt());
        assertEquals(OptionalInt.of(7), v.seconds());
        assertTrue(unlock.jti().matches("c-[0-9a-f]{32}"), unlock.jti());

        SignedCommand lockdown = f.signer().sign(CommandType.LOCKDOWN, "door-1", "Incident", OptionalInt.empty(),
                Duration.ofSeconds(120));
        assertEquals(CommandType.LOCKDOWN, assertInstanceOf(VerifiedCommand.class, f.verify(lockdown.token())).cmd());
    }
}
