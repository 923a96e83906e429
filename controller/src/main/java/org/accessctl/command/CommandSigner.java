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
import java.util.OptionalInt;
import org.accessctl.json.Json;

/**
 * Makes command tokens with an operator's Ed25519 private key: the operator's side of what
 * {@link CommandVerifier} checks. The key is only used, never stored in or printed by anything
 * this class returns.
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
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(CommandVerifier.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("the token lifetime must be 1 to "
                    + CommandVerifier.MAX_LIFETIME.toSeconds() + " seconds");
        }
        if (cmd == CommandType.UNLOCK && seconds.isEmpty()) {
            throw new IllegalArgumentException("unlock needs seconds");
        }
        long iat = clock.instant().getEpochSecond();
        long exp = iat + ttl.toSeconds();
        String jti = newJti();

        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", CommandToken.ALG);
        header.put("kid", kid);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("cmd", cmd.wireName());
        claims.put("door", door);
        claims.put("jti", jti);
        claims.put("iat", iat);
        claims.put("exp", exp);
        claims.put("reason", reason);
        if (cmd == CommandType.UNLOCK) {
            claims.put("seconds", seconds.getAsInt());
        }
        String signingInput = Base64Url.encode(utf8(Json.write(header))) + "." + Base64Url.encode(utf8(Json.write(claims)));
        return new SignedCommand(signingInput + "." + Base64Url.encode(signature(signingInput)), jti,
                Instant.ofEpochSecond(exp));
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
