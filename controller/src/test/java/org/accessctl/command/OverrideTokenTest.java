package org.accessctl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.accessctl.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The break-glass override as two operators make it, sign then cosign, and as the door verifies
 * it; and the operator's {@code clear} command.
 */
class OverrideTokenTest {

    private static SignedCommand signOnce(TokenFixture f) {
        return f.signer().sign(CommandType.OVERRIDE, "door-1", "Fire in the UPS room", OptionalInt.of(300),
                Optional.empty(), Duration.ofSeconds(120));
    }

    @Test
    void signThenCosignMakesAnOverrideTheDoorAcceptsWithBothOperators() throws CommandRefused {
        TokenFixture f = new TokenFixture();
        SignedCommand first = signOnce(f);
        PendingOverride pending = PendingOverride.read(first.token() + "\n");
        assertEquals("P-001", pending.firstSigner());
        assertEquals("door-1", pending.door());
        assertEquals(300, pending.seconds());
        assertEquals("Fire in the UPS room", pending.reason());
        assertEquals(first.jti(), pending.jti());

        SignedCommand both = f.secondSigner().cosign(pending);
        assertEquals(first.jti(), both.jti());
        VerifiedCommand v = assertInstanceOf(VerifiedCommand.class, f.verify(both.token()));
        assertEquals(List.of("P-001", "P-002"), v.operatorIds());
        assertEquals("P-001", v.operatorId());
        assertEquals(CommandType.OVERRIDE, v.cmd());
        assertEquals(OptionalInt.of(300), v.seconds());
        assertEquals(first.expiresAt(), v.expiresAt());
    }

    @Test
    void theTokenIsJwsJsonGeneralSerialization() {
        TokenFixture f = new TokenFixture();
        @SuppressWarnings("unchecked")
        Map<String, Object> token = (Map<String, Object>) Json.parse(f.validOverride());
        assertEquals(List.of("payload", "signatures"), List.copyOf(token.keySet()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> signatures = (List<Map<String, Object>>) token.get("signatures");
        assertEquals(2, signatures.size());
        signatures.forEach(s -> assertEquals(List.of("protected", "signature"), List.copyOf(s.keySet())));
        assertTrue(f.verify(f.validOverride()).accepted());
    }

    @Test
    void theSameOperatorCannotCosignTheirOwnOverride() throws CommandRefused {
        TokenFixture f = new TokenFixture();
        PendingOverride pending = PendingOverride.read(signOnce(f).token());
        assertThrows(IllegalArgumentException.class, () -> f.signer().cosign(pending));
    }

    @Test
    void onlyAnOverrideSignedOnceCanBeCosigned() throws CommandRefused {
        TokenFixture f = new TokenFixture();
        assertEquals(RejectionReason.MALFORMED_TOKEN,
                assertThrows(CommandRefused.class, () -> PendingOverride.read(f.validToken())).reason());
        assertEquals(RejectionReason.MALFORMED_TOKEN,
                assertThrows(CommandRefused.class, () -> PendingOverride.read(f.validOverride())).reason());
        String twoSignedUnlock = TokenFixture.override(TokenFixture.json(f.claims()), List.of("P-001"),
                List.of(f.operatorKeys.getPrivate()));
        assertEquals(RejectionReason.BAD_CLAIM,
                assertThrows(CommandRefused.class, () -> PendingOverride.read(twoSignedUnlock)).reason());
    }

    @Test
    void aCosignedOverrideWhosePayloadWasChangedFailsBothSignatures() throws CommandRefused {
        TokenFixture f = new TokenFixture();
        String both = f.secondSigner().cosign(PendingOverride.read(signOnce(f).token())).token();
        Map<String, Object> claims = f.overrideClaims();
        claims.put("door", "door-1");
        String forged = both.replaceFirst("\"payload\":\"[^\"]+\"",
                "\"payload\":\"" + TokenFixture.b64(TokenFixture.json(claims)) + "\"");
        Rejection r = assertInstanceOf(Rejection.class, f.verify(forged));
        assertEquals(RejectionReason.BAD_SIGNATURE, r.reason());
        assertEquals(Optional.of("P-001"), r.operatorId());
    }

    @Test
    void aRefusedSecondSignerIsNamed() {
        TokenFixture f = new TokenFixture();
        f.persons.remove("P-002");
        Rejection r = assertInstanceOf(Rejection.class, f.verify(f.validOverride()));
        assertEquals(RejectionReason.UNKNOWN_OPERATOR, r.reason());
        assertEquals(Optional.of("P-002"), r.operatorId(), "the log says who could not sign");
        assertEquals(Optional.of("c-8f3a0000000000000000000000000001"), r.jti());
    }

    @Test
    void aClearCommandNamesThePersonItClears() {
        TokenFixture f = new TokenFixture();
        SignedCommand clear = f.signer().sign(CommandType.CLEAR, "door-1", "Left by the fire exit",
                OptionalInt.empty(), Optional.of("P-003"), Duration.ofSeconds(30));
        VerifiedCommand v = assertInstanceOf(VerifiedCommand.class, f.verify(clear.token()));
        assertEquals(CommandType.CLEAR, v.cmd());
        assertEquals(Optional.of("P-003"), v.personId());
        assertEquals(List.of("P-001"), v.operatorIds());
    }

    @Test
    void theSignerRefusesToMakeAClearWithoutAPersonOrAnOverrideWithoutSeconds() {
        TokenFixture f = new TokenFixture();
        assertThrows(IllegalArgumentException.class, () -> f.signer().sign(CommandType.CLEAR, "door-1", "x",
                OptionalInt.empty(), Optional.empty(), Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> f.signer().sign(CommandType.OVERRIDE, "door-1", "x",
                OptionalInt.empty(), Optional.empty(), Duration.ofSeconds(30)));
    }
}
