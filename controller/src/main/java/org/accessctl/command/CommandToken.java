package org.accessctl.command;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonLimits;

/**
 * A command token taken apart: a JWS in compact serialization (RFC 7515)
 * {@code header.payload.signature}, each part unpadded base64url.
 *
 * <p>Parsing checks the shape and the protected header only. The payload stays as bytes: its
 * claims are read by {@link CommandClaims} only after the signature over it has been verified,
 * so nothing an attacker wrote into it can steer a decision before then.
 */
public final class CommandToken {

    /** Longest token accepted, in bytes (= characters, as a token is ASCII); checked before any other work. */
    public static final int MAX_LENGTH = 4096;
    /** The only algorithm accepted: pinned, so a token cannot pick a weaker one ({@code none}, {@code HS256}). */
    public static final String ALG = "EdDSA";

    /** An Ed25519 signature is always 64 bytes. */
    static final int SIGNATURE_LENGTH = 64;
    /** What a person id may look like: the same rule personnel records follow. */
    static final Pattern PRINTABLE_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    /** A header or payload of a real token is a few hundred bytes; anything nested deeply is hostile. */
    static final JsonLimits LIMITS = new JsonLimits(MAX_LENGTH, 4, MAX_LENGTH, 20);

    private final String kid;
    private final Optional<String> typ;
    private final byte[] signingInput;
    private final byte[] payload;
    private final byte[] signature;

    private CommandToken(String kid, Optional<String> typ, byte[] signingInput, byte[] payload, byte[] signature) {
        this.kid = kid;
        this.typ = typ;
        this.signingInput = signingInput;
        this.payload = payload;
        this.signature = signature;
    }

    /**
     * Takes a compact token apart and checks its header.
     *
     * @throws CommandRefused with {@code token_too_large}, {@code malformed_token}, {@code bad_base64},
     *     {@code bad_json}, {@code unsupported_alg}, {@code critical_header}, {@code bad_header} or {@code bad_kid}
     */
    public static CommandToken parse(String compact) throws CommandRefused {
        return parse(compact, MAX_LENGTH);
    }

    /**
     * Takes a compact JWS apart that may be up to {@code maxLength} characters: signed person and
     * visit records use the same format and checks as commands, with room for a longer payload.
     */
    public static CommandToken parse(String compact, int maxLength) throws CommandRefused {
        if (compact == null) {
            throw new CommandRefused(RejectionReason.MALFORMED_TOKEN, "no token");
        }
        if (compact.length() > maxLength) {
            throw new CommandRefused(RejectionReason.TOKEN_TOO_LARGE,
                    "token of " + compact.length() + " characters is longer than " + maxLength);
        }
        int first = compact.indexOf('.');
        int second = first < 0 ? -1 : compact.indexOf('.', first + 1);
        if (second < 0 || compact.indexOf('.', second + 1) >= 0) {
            throw new CommandRefused(RejectionReason.MALFORMED_TOKEN, "a token has exactly three parts separated by dots");
        }
        String headerText = compact.substring(0, first);
        String payloadText = compact.substring(first + 1, second);
        String signatureText = compact.substring(second + 1);
        if (headerText.isEmpty() || payloadText.isEmpty() || signatureText.isEmpty()) {
            throw new CommandRefused(RejectionReason.MALFORMED_TOKEN, "a part of the token is empty");
        }
        byte[] header = Base64Url.decode(headerText, "header");
        byte[] payload = Base64Url.decode(payloadText, "payload");
        byte[] signature = Base64Url.decode(signatureText, "signature");

        Map<String, Object> members = jsonObject(header, "header");
        Object alg = members.get("alg");
        if (!ALG.equals(alg)) {
            throw new CommandRefused(RejectionReason.UNSUPPORTED_ALG,
                    alg instanceof String ? "alg \"" + printable((String) alg) + "\" is not " + ALG : "alg is not " + ALG);
        }
        if (members.containsKey("crit")) {
            throw new CommandRefused(RejectionReason.CRITICAL_HEADER, "the header names critical extensions (crit)");
        }
        Object typ = members.get("typ");
        if (typ != null && !(typ instanceof String)) {
            throw new CommandRefused(RejectionReason.BAD_HEADER, "typ is not a string");
        }
        Object kid = members.get("kid");
        if (!(kid instanceof String) || !PRINTABLE_ID.matcher((String) kid).matches()) {
            throw new CommandRefused(RejectionReason.BAD_KID, "kid is not 1 to 128 printable characters");
        }
        byte[] signingInput = compact.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        return new CommandToken((String) kid, Optional.ofNullable((String) typ), signingInput, payload, signature);
    }

    /** The operator's personId the token claims to be signed by; unverified until the signature is. */
    public String kid() {
        return kid;
    }

    public Optional<String> typ() {
        return typ;
    }

    /**
     * Whether {@code key} made this token's signature over its header and payload exactly as
     * received. The one place a signature of a command or of a signed record is checked.
     */
    public boolean signedBy(OperatorKey key) {
        return key.verifies(signingInput, signature);
    }

    /**
     * The payload, once {@code key} is known to have signed it; empty when it did not. Nothing
     * outside this package reads a payload before its signature has been verified.
     */
    public Optional<byte[]> payloadSignedBy(OperatorKey key) {
        return signedBy(key) ? Optional.of(payload.clone()) : Optional.empty();
    }

    /**
     * The payload read without checking who signed it: only for a door that runs without
     * directory keys, which trusts any record as it trusts plain JSON, and for display.
     */
    public byte[] unverifiedPayload() {
        return payload.clone();
    }

    /** What the signature covers: the ASCII bytes of {@code header.payload} exactly as received. */
    byte[] signingInput() {
        return signingInput.clone();
    }

    /** The decoded payload; untrusted until the signature is verified. */
    byte[] payload() {
        return payload.clone();
    }

    byte[] signature() {
        return signature.clone();
    }

    /** A JSON object from decoded bytes (strict UTF-8), or a {@code bad_json} refusal. */
    static Map<String, Object> jsonObject(byte[] bytes, String part) throws CommandRefused {
        Object parsed;
        try {
            parsed = Json.parseBytes(bytes, LIMITS);
        } catch (JsonException e) {
            throw new CommandRefused(RejectionReason.BAD_JSON, "the " + part + " is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new CommandRefused(RejectionReason.BAD_JSON, "the " + part + " is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> members = (Map<String, Object>) parsed;
        return members;
    }

    /** A value from the token, made safe for a log line: short, and control characters replaced. */
    static String printable(String s) {
        String shortened = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return shortened.replaceAll("[\\p{Cntrl}]", "?");
    }
}
