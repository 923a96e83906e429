package org.accessctl.command;

import java.time.Instant;
import java.util.Objects;

/**
 * A break-glass override one operator has signed, on its way to the second: what the second
 * operator is asked to sign, read so that they can see it before they add their signature. The
 * payload is read without checking the first signature (the second operator has no copy of the
 * first one's key); the door checks both.
 *
 * @param firstSigner the {@code kid} of the signature it carries
 * @param seconds how long it would hold the strike released
 * @param expiresAt after this the door refuses it, whoever signs
 */
public record PendingOverride(JwsJson token, String firstSigner, String door, String reason, long seconds,
                              String jti, Instant expiresAt) {

    public PendingOverride {
        Objects.requireNonNull(token, "token");
    }

    /**
     * Reads an override that carries exactly one signature.
     *
     * @throws CommandRefused when it is not one: not JWS JSON, not an override, or already signed twice
     */
    public static PendingOverride read(String text) throws CommandRefused {
        String trimmed = text.strip();
        if (!JwsJson.looksLikeJson(trimmed)) {
            throw new CommandRefused(RejectionReason.MALFORMED_TOKEN,
                    "not an override to cosign: that is a JWS in JSON serialization, {\"payload\": ...}");
        }
        JwsJson jws = JwsJson.parse(trimmed);
        if (jws.signatureCount() != 1) {
            throw new CommandRefused(RejectionReason.MALFORMED_TOKEN,
                    "it carries " + jws.signatureCount() + " signatures; only an override signed once is cosigned");
        }
        CommandToken first = jws.signatures().get(0);
        CommandClaims claims = CommandClaims.parse(first.unverifiedPayload());
        if (claims.cmd() != CommandType.OVERRIDE) {
            throw new CommandRefused(RejectionReason.BAD_CLAIM, "it is a " + claims.cmd().wireName()
                    + ", not an override; only an override is signed by two operators");
        }
        return new PendingOverride(jws, first.kid(), claims.door(), claims.reason(), claims.seconds().orElse(0),
                claims.jti(), Instant.ofEpochSecond(claims.exp()));
    }
}
