package org.accessctl.command;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.accessctl.json.Json;

/**
 * Makes command tokens with an operator's Ed25519 private key: the operator's side of what
 * {@link CommandVerifier} checks. The key is only used, never stored in or printed by anything
 * this class returns.
 *
 * <p>A break-glass override is made in two steps by two operators, possibly on two machines:
 * the first signs it ({@link #sign}, which gives JWS JSON with one signature), the second adds
 * theirs to the same payload ({@link #cosign}).
 */
public final class CommandSigner {

    /** Lifetime of a token unless the operator asks otherwise: enough for the broker round trip. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** How long {@code unlock} releases the strike unless the operator asks otherwise. */
    public static final int DEFAULT_UNLOCK_SECONDS = 5;

    private final PrivateKey key;
    private final String kid;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param key the operator's Ed25519 private key
     * @param kid the operator's personId, which the door uses to find their public key
     */
    public CommandSigner(PrivateKey key, String kid, Clock clock, SecureRandom random) {
        this.key = Objects.requireNonNull(key, "key");
        this.kid = Objects.requireNonNull(kid, "kid");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Signs one command issued now.
     *
     * @param seconds the unlock time; must be present for {@code unlock}, and is left out of
     *     the token for the other commands, which do not use it
     * @param ttl how long the token stays valid, 1 s to {@link CommandVerifier#MAX_LIFETIME}
     */
    public SignedCommand sign(CommandType cmd, String door, String reason, OptionalInt seconds, Duration ttl) {
        return sign(cmd, door, reason, seconds, Optional.empty(), ttl);
    }

    /**
     * Signs one command issued now; an override comes out in JWS JSON serialization with this
     * operator's signature alone, for a second operator to {@link #cosign}.
     *
     * @param seconds required for {@code unlock} and {@code override}, left out of the others
     * @param personId required for {@code clear}: whose presence the door forgets
     */
    public SignedCommand sign(CommandType cmd, String door, String reason, OptionalInt seconds,
                              Optional<String> personId, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(CommandVerifier.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("the token lifetime must be 1 to "
                    + CommandVerifier.MAX_LIFETIME.toSeconds() + " seconds");
        }
        boolean timed = cmd == CommandType.UNLOCK || cmd == CommandType.OVERRIDE;
        if (timed && seconds.isEmpty()) {
            throw new IllegalArgumentException(cmd.wireName() + " needs seconds");
        }
        if (cmd == CommandType.CLEAR && personId.isEmpty()) {
            throw new IllegalArgumentException("clear needs the personId to clear");
        }
        long iat = clock.instant().getEpochSecond();
        long exp = iat + ttl.toSeconds();
        String jti = newJti();

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("cmd", cmd.wireName());
        claims.put("door", door);
        claims.put("jti", jti);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("reason", reason);
        if (timed) {
            claims.put("seconds", seconds.getAsInt());
        }
        if (cmd == CommandType.CLEAR) {
            claims.put("personId", personId.get());
        }
        String protectedHeader = protectedHeader();
        String payload = Base64Url.encode(utf8(Json.write(claims)));
        String signature = Base64Url.encode(signature(protectedHeader + "." + payload));
        String token = cmd == CommandType.OVERRIDE
                ? JwsJson.of(payload, new JwsJson.Signature(protectedHeader, signature)).write()
                : protectedHeader + "." + payload + "." + signature;
        return new SignedCommand(token, jti, Instant.ofEpochSecond(exp));
    }

    /**
     * Adds this operator's signature to an override another operator signed: the same payload,
     * a protected header with this operator's {@code kid}.
     *
     * @throws IllegalArgumentException when this operator signed it already: it needs two people
     */
    public SignedCommand cosign(PendingOverride pending) {
        if (pending.firstSigner().equals(kid)) {
            throw new IllegalArgumentException(kid + " signed this override already; a second operator must cosign it");
        }
        String protectedHeader = protectedHeader();
        String payload = pending.token().payloadPart();
        String signature = Base64Url.encode(signature(protectedHeader + "." + payload));
        return new SignedCommand(pending.token().with(new JwsJson.Signature(protectedHeader, signature)).write(),
                pending.jti(), pending.expiresAt());
    }

    /** The base64url protected header: the pinned algorithm and this operator's personId. */
    private String protectedHeader() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", CommandToken.ALG);
        header.put("kid", kid);
        return Base64Url.encode(utf8(Json.write(header)));
    }

    /** {@code c-} and 128 random bits in hex: unique without any coordination between operators. */
    private String newJti() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return "c-" + HexFormat.of().formatHex(bits);
    }

    private byte[] signature(String signingInput) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (is it an Ed25519 private key?): "
                    + e.getMessage(), e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
