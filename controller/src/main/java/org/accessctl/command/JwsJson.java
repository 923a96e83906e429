package org.accessctl.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.json.Json;

/**
 * A JWS in JSON serialization (RFC 7515 section 7.2): one payload and several signatures over
 * it, each with its own protected header. A break-glass override travels this way, so that two
 * operators on two machines can each add their signature to the same payload.
 *
 * <pre>{"payload": "...", "signatures": [{"protected": "...", "signature": "..."}, ...]}</pre>
 *
 * <p>Every signature is checked exactly as a compact token is: RFC 7515 defines a signature of
 * the JSON form over the same bytes as the compact {@code protected.payload.signature}, so
 * {@link #signatures()} hands each one over as that compact {@link CommandToken}, and the door's
 * one Ed25519 check ({@link CommandToken#signedBy}) and header rules apply unchanged. Header
 * members outside the protected header ({@code header}) are refused: {@code alg} and
 * {@code kid} must be signed. The flattened form (section 7.2.2) is read as one signature.
 */
public final class JwsJson {

    private final String payload;
    private final List<Signature> signatures;

    /** One signature as the JSON form carries it: base64url protected header and signature. */
    public record Signature(String protectedHeader, String signature) {
    }

    private JwsJson(String payload, List<Signature> signatures) {
        this.payload = payload;
        this.signatures = List.copyOf(signatures);
    }

    /** Whether a token's text is in JSON serialization rather than compact. */
    public static boolean looksLikeJson(String text) {
        return text != null && text.startsWith("{");
    }

    /**
     * Takes the JSON form apart; the parts themselves are checked by {@link #signatures()}.
     *
     * @throws CommandRefused {@code token_too_large}, {@code bad_json}, {@code malformed_token} or {@code bad_header}
     */
    public static JwsJson parse(String text) throws CommandRefused {
        if (text.length() > CommandToken.MAX_LENGTH) {
            throw new CommandRefused(RejectionReason.TOKEN_TOO_LARGE,
                    "token of " + text.length() + " characters is longer than " + CommandToken.MAX_LENGTH);
        }
        Map<String, Object> top = CommandToken.jsonObject(text.getBytes(StandardCharsets.ISO_8859_1), "token");
        String payload = part(top, "payload", "the token");
        List<Signature> signatures = new ArrayList<>();
        Object list = top.get("signatures");
        if (list != null) {
            if (top.containsKey("protected") || top.containsKey("signature") || top.containsKey("header")) {
                throw new CommandRefused(RejectionReason.MALFORMED_TOKEN,
                        "a token has either signatures or one flattened signature, not both");
            }
            if (!(list instanceof List<?> entries) || entries.isEmpty()) {
                throw new CommandRefused(RejectionReason.MALFORMED_TOKEN, "signatures is not a non-empty array");
            }
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?>)) {
                    throw new CommandRefused(RejectionReason.MALFORMED_TOKEN, "a signature is not a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> members = (Map<String, Object>) entry;
                signatures.add(signature(members));
            }
        } else {
            signatures.add(signature(top));
        }
        return new JwsJson(payload, signatures);
    }

    private static Signature signature(Map<String, Object> members) throws CommandRefused {
        if (members.containsKey("header")) {
            throw new CommandRefused(RejectionReason.BAD_HEADER,
                    "an unprotected header is not accepted: alg and kid must be in the signed (protected) header");
        }
        return new Signature(part(members, "protected", "a signature"), part(members, "signature", "a signature"));
    }

    private static String part(Map<String, Object> members, String name, String where) throws CommandRefused {
        Object value = members.get(name);
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new CommandRefused(RejectionReason.MALFORMED_TOKEN, where + " has no " + name + " string");
        }
        return s;
    }

    /** A JSON form with one signature over {@code payload}, which others may add theirs to. */
    static JwsJson of(String payload, Signature first) {
        return new JwsJson(payload, List.of(first));
    }

    /** The same payload with one more signature. */
    JwsJson with(Signature another) {
        List<Signature> more = new ArrayList<>(signatures);
        more.add(another);
        return new JwsJson(payload, more);
    }

    /** The base64url payload every signature covers. */
    String payloadPart() {
        return payload;
    }

    public int signatureCount() {
        return signatures.size();
    }

    /**
     * Each signature as the compact token it is equivalent to, checked as one (base64url,
     * header, {@code kid}); in the order they were added.
     */
    public List<CommandToken> signatures() throws CommandRefused {
        List<CommandToken> tokens = new ArrayList<>();
        for (Signature s : signatures) {
            tokens.add(CommandToken.parse(s.protectedHeader() + "." + payload + "." + s.signature()));
        }
        return tokens;
    }

    /** The JSON text, one line. */
    public String write() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Signature s : signatures) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("protected", s.protectedHeader());
            entry.put("signature", s.signature());
            list.add(entry);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("payload", payload);
        top.put("signatures", list);
        return Json.write(top);
    }
}
