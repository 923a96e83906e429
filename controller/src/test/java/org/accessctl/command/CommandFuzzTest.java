package org.accessctl.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand mutations of valid tokens, from a fixed seed so a failure can be replayed: none
 * may be accepted, and the verifier must answer every one without throwing.
 */
class CommandFuzzTest {

    private static final long SEED = 0x5EC0_2026_1123L;
    private static final int MUTATIONS = 10_000;

    private final TokenFixture f = new TokenFixture();
    private final KeyPair stranger = TokenFixture.newKeyPair();
    private final Random random = new Random(SEED);

    @Test
    void noMutationIsAcceptedAndNoneThrows() {
        Map<RejectionReason, Integer> reasons = new EnumMap<>(RejectionReason.class);
        int mutationsTried = 0;
        // A pool of valid tokens to mutate: signing is the slow part, and mutations need no fresh originals.
        List<Map<String, Object>> pool = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            Map<String, Object> claims = f.claims();
            claims.put("jti", "c-" + Long.toHexString(random.nextLong()));
            claims.put("cmd", List.of("unlock", "lockdown", "release").get(i % 3));
            pool.add(claims);
        }
        List<String> tokens = pool.stream().map(c -> f.token(f.header(), c)).toList();
        for (Map<String, Object> claims : pool) {
            assertInstanceOf(VerifiedCommand.class, f.verify(tokens.get(pool.indexOf(claims))), "the originals are valid");
        }
        for (int i = 0; i < MUTATIONS; i++) {
            int pick = random.nextInt(pool.size());
            Map<String, Object> claims = pool.get(pick);
            String valid = tokens.get(pick);
            int kind = random.nextInt(12);
            byte[] mutated = mutate(kind, valid, claims);
            if (new String(mutated, StandardCharsets.ISO_8859_1).equals(valid)) {
                continue; // a mutation that changed nothing is the valid token, which is rightly accepted
            }
            mutationsTried++;
            int n = i;
            Verification v;
            try {
                v = f.verifier().verify(mutated, random.nextInt(20) == 0);
            } catch (Throwable t) {
                throw new AssertionError("mutation " + i + " (kind " + kind + ") threw: " + show(mutated), t);
            }
            Rejection r = assertInstanceOf(Rejection.class, v, () -> "mutation " + n + " (kind " + kind
                    + ") was accepted: " + show(mutated));
            assertTrue(r.reason() != RejectionReason.INTERNAL_ERROR, () -> "mutation " + n + " broke the verifier: "
                    + r.detail() + ": " + show(mutated));
            reasons.merge(r.reason(), 1, Integer::sum);
        }
        assertTrue(mutationsTried > MUTATIONS * 9 / 10, "too few real mutations: " + mutationsTried);
        assertTrue(reasons.size() >= 12, "the mutations should reach many different checks: " + reasons);
        // Not one valid token was taken for a replay: the verifier remembers nothing itself.
        assertEquals(0, f.remembered.remembered.size());
    }

    private byte[] mutate(int kind, String valid, Map<String, Object> claims) {
        String[] parts = valid.split("\\.");
        switch (kind) {
            case 0: { // a bit flip anywhere in the text
                byte[] bytes = ascii(valid);
                int bit = random.nextInt(bytes.length * 8);
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
                return bytes;
            }
            case 1: { // a bit flip in one part's decoded bytes, re-encoded
                int part = random.nextInt(3);
                byte[] decoded = Base64.getUrlDecoder().decode(parts[part]);
                int bit = random.nextInt(decoded.length * 8);
                decoded[bit / 8] ^= (byte) (1 << (bit % 8));
                parts[part] = TokenFixture.b64(decoded);
                return ascii(String.join(".", parts));
            }
            case 2: // truncated
                return ascii(valid.substring(0, random.nextInt(valid.length())));
            case 3: { // two parts swapped, or one part repeated
                int a = random.nextInt(3);
                int b = (a + 1 + random.nextInt(2)) % 3;
                String[] swapped = parts.clone();
                swapped[a] = parts[b];
                swapped[b] = random.nextBoolean() ? parts[a] : parts[b];
                return ascii(String.join(".", swapped));
            }
            case 4: { // re-signed with a key that is not the operator's, with changed claims
                Map<String, Object> c = changedClaims(claims);
                return ascii(TokenFixture.signed(TokenFixture.json(f.header()), TokenFixture.json(c), stranger.getPrivate()));
            }
            case 5: { // claims changed and re-encoded, the old signature kept
                Map<String, Object> c = changedClaims(claims);
                return ascii(parts[0] + "." + TokenFixture.b64(TokenFixture.json(c)) + "." + parts[2]);
            }
            case 6: { // alg none or HS256, with an empty or an HMAC signature keyed with the public key
                Map<String, Object> h = f.header();
                h.put("alg", random.nextBoolean() ? "none" : "HS256");
                String input = TokenFixture.b64(TokenFixture.json(h)) + "." + parts[1];
                String signature = random.nextBoolean() ? "" : TokenFixture.b64(hmac(input));
                return ascii(input + "." + signature);
            }
            case 7: { // huge: a part repeated past the limit
                int size = CommandToken.MAX_LENGTH + 1 + random.nextInt(100_000);
                String payload = parts[1].repeat(size / parts[1].length() + 1);
                return ascii(parts[0] + "." + payload + "." + parts[2]);
            }
            case 8: { // invalid UTF-8 in the header or payload, signed by the operator to reach the claims parser
                byte[] json = random.nextBoolean() ? TokenFixture.json(f.header()) : TokenFixture.json(claims);
                byte[] broken = json.clone();
                broken[1 + random.nextInt(json.length - 2)] = (byte) (0x80 + random.nextInt(0x80));
                boolean header = json.length < 60;
                return ascii(TokenFixture.signed(header ? broken : TokenFixture.json(f.header()),
                        header ? TokenFixture.json(claims) : broken, f.operatorKeys.getPrivate()));
            }
            case 9: { // a random character inserted or removed
                StringBuilder s = new StringBuilder(valid);
                int at = random.nextInt(s.length());
                if (random.nextBoolean()) {
                    s.deleteCharAt(at);
                } else {
                    s.insert(at, (char) (random.nextInt(0x7F - 0x20) + 0x20));
                }
                return ascii(s.toString());
            }
            case 10: { // correctly signed by the operator, but with claims the rules refuse
                Map<String, Object> c = invalidClaims(claims);
                return ascii(f.token(f.header(), c));
            }
            default: { // random bytes, possibly not ASCII at all
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                if (random.nextBoolean() && bytes.length > 10) {
                    bytes[3] = '.';
                    bytes[bytes.length - 4] = '.';
                }
                return bytes;
            }
        }
    }

    /** Claims an honest operator might sign, different from the original. */
    private Map<String, Object> changedClaims(Map<String, Object> claims) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(claims);
        switch (random.nextInt(4)) {
            case 0 -> c.put("seconds", 60);
            case 1 -> c.put("door", "door-2");
            case 2 -> c.put("cmd", "lockdown");
            default -> c.put("exp", f.now() + 120);
        }
        return c;
    }

    /** Claims that each break one rule, for the checks after the signature. */
    private Map<String, Object> invalidClaims(Map<String, Object> claims) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(claims);
        List<Runnable> breaks = List.of(
                () -> c.put("door", "door-2"),
                () -> c.put("iat", f.now() + 31 + random.nextInt(1_000_000)),
                () -> c.put("exp", f.now() - random.nextInt(1_000_000)),
                () -> c.put("exp", (long) c.get("iat") + 121 + random.nextInt(1_000_000)),
                () -> c.put("reason", " ".repeat(random.nextInt(5))),
                () -> c.put("seconds", random.nextBoolean() ? 61 + random.nextInt(1000) : -random.nextInt(1000)),
                () -> c.put("cmd", "open"),
                // seconds is required by unlock only; leaving it out of the others is valid
                () -> c.remove(List.of("cmd", "door", "jti", "iat", "exp", "reason", "seconds")
                        .get(random.nextInt("unlock".equals(c.get("cmd")) ? 7 : 6))),
                () -> c.put("iat", "now"),
                () -> c.put("jti", " "),
                () -> c.put("reason", "r".repeat(501 + random.nextInt(1000))));
        breaks.get(random.nextInt(breaks.size())).run();
        return c;
    }

    /** The classic confusion attack: HMAC keyed with the (public!) key bytes a verifier might hold. */
    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(f.operatorKeys.getPublic().getEncoded(), "HmacSHA256"));
            return mac.doFinal(ascii(input));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String show(byte[] token) {
        String s = new String(token, StandardCharsets.ISO_8859_1);
        return s.length() > 300 ? s.substring(0, 300) + "... (" + s.length() + " bytes)" : s;
    }
}
