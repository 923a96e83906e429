package org.accessctl.command;

import static org.accessctl.command.RejectionReason.*;
import static org.accessctl.command.TokenFixture.b64;
import static org.accessctl.command.TokenFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.accessctl.core.Person;
import org.accessctl.store.StoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejection reason, each produced by a token crafted to fail exactly that check. */
class CommandVerifierRejectionTest {

    /** One crafted token: what to change in the door, how to build the token, what must come out. */
    record Case(String name, RejectionReason expected, Consumer<TokenFixture> door, Function<TokenFixture, byte[]> token,
                boolean retained) {

        @Override
        public String toString() {
            return expected.wireName() + ": " + name;
        }
    }

    private static final Set<RejectionReason> PRODUCED = EnumSet.noneOf(RejectionReason.class);
    private static final String JTI = "c-8f3a0000000000000000000000000001";

    private static Case text(String name, RejectionReason expected, Function<TokenFixture, String> token) {
        return new Case(name, expected, f -> { }, f -> token.apply(f).getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static Case withDoor(String name, RejectionReason expected, Consumer<TokenFixture> door) {
        return new Case(name, expected, door, f -> ascii(f.validToken()), false);
    }

    private static Case claims(String name, RejectionReason expected, Consumer<Map<String, Object>> change) {
        return text(name, expected, f -> {
            Map<String, Object> c = f.claims();
            change.accept(c);
            return f.token(f.header(), c);
        });
    }

    private static Case header(String name, RejectionReason expected, Consumer<Map<String, Object>> change) {
        return text(name, expected, f -> {
            Map<String, Object> h = f.header();
            change.accept(h);
            return f.token(h, f.claims());
        });
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String parts(String token, int from, int to) {
        return String.join(".", Arrays.asList(token.split("\\.")).subList(from, to));
    }

    private static void setPerson(TokenFixture f, Function<Person, Person> change) {
        f.persons.put(TokenFixture.OPERATOR, change.apply(f.persons.get(TokenFixture.OPERATOR)));
    }

    private static Person copy(Person p, Set<String> roles, boolean active, Set<String> doors, String key) {
        return new Person(p.personId(), p.name(), p.badgeUid(), roles, active, doors, key);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("a valid token delivered retained", RETAINED, f -> { }, f -> ascii(f.validToken()), true));

        cases.add(text("4097 bytes", TOKEN_TOO_LARGE, f -> "a".repeat(CommandToken.MAX_LENGTH + 1)));
        cases.add(text("a valid token padded with dots to 5000 bytes", TOKEN_TOO_LARGE,
                f -> f.validToken() + ".".repeat(5000)));

        cases.add(text("empty", MALFORMED_TOKEN, f -> ""));
        cases.add(text("two parts", MALFORMED_TOKEN, f -> parts(f.validToken(), 0, 2)));
        cases.add(text("four parts", MALFORMED_TOKEN, f -> f.validToken() + ".AAAA"));
        cases.add(text("empty signature", MALFORMED_TOKEN, f -> parts(f.validToken(), 0, 2) + "."));
        cases.add(text("only dots", MALFORMED_TOKEN, f -> ".."));

        cases.add(text("padding on the signature", BAD_BASE64, f -> f.validToken() + "=="));
        cases.add(text("standard base64 '+' in the signature", BAD_BASE64, f -> f.validToken().substring(0, f.validToken().length() - 1) + "+"));
        cases.add(text("a space in the header", BAD_BASE64, f -> " " + f.validToken()));
        cases.add(text("a trailing newline", BAD_BASE64, f -> f.validToken() + "\n"));
        cases.add(text("non-ASCII byte", BAD_BASE64, f -> "\u00e9" + f.validToken()));
        cases.add(text("impossible length", BAD_BASE64, f -> "AAAAA." + parts(f.validToken(), 1, 3)));
        cases.add(text("unused bits set (non-canonical)", BAD_BASE64, f -> {
            // 64 bytes end in a character whose 4 low bits are unused, so canonically zero
            // (one of A, Q, g, w); the next character (B, R, h, x) decodes to the same bytes.
            String t = f.validToken();
            return t.substring(0, t.length() - 1) + (char) (t.charAt(t.length() - 1) + 1);
        }));

        cases.add(text("header is not JSON", BAD_JSON, f -> b64("alg=EdDSA") + "." + parts(f.validToken(), 1, 3)));
        cases.add(text("header is an array", BAD_JSON, f -> b64("[\"EdDSA\"]") + "." + parts(f.validToken(), 1, 3)));
        cases.add(text("header has invalid UTF-8", BAD_JSON,
                f -> b64(new byte[] {'{', '"', 'a', (byte) 0xC3, '"', ':', '1', '}'}) + "." + parts(f.validToken(), 1, 3)));
        cases.add(text("header with duplicate alg", BAD_JSON,
                f -> b64("{\"alg\":\"none\",\"alg\":\"EdDSA\",\"kid\":\"P-001\"}") + "." + parts(f.validToken(), 1, 3)));
        cases.add(text("payload is not JSON (signed)", BAD_JSON, f -> TokenFixture.signed(json(f.header()),
                "cmd=unlock".getBytes(StandardCharsets.UTF_8), f.operatorKeys.getPrivate())));
        cases.add(text("payload has invalid UTF-8 (signed)", BAD_JSON, f -> TokenFixture.signed(json(f.header()),
                new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, f.operatorKeys.getPrivate())));

        for (String alg : new String[] {"none", "HS256", "RS256", "ES256", "eddsa", "EdDSA ", "Ed25519"}) {
            cases.add(header("alg " + alg, UNSUPPORTED_ALG, h -> h.put("alg", alg)));
        }
        cases.add(header("alg missing", UNSUPPORTED_ALG, h -> h.remove("alg")));
        cases.add(header("alg a number", UNSUPPORTED_ALG, h -> h.put("alg", 1)));
        cases.add(text("alg none with an empty signature", MALFORMED_TOKEN, f -> {
            Map<String, Object> h = f.header();
            h.put("alg", "none");
            return b64(json(h)) + "." + b64(json(f.claims())) + ".";
        }));
        cases.add(header("crit", CRITICAL_HEADER, h -> h.put("crit", List.of("exp"))));
        cases.add(header("typ a number", BAD_HEADER, h -> h.put("typ", 1)));

        cases.add(header("kid missing", BAD_KID, h -> h.remove("kid")));
        cases.add(header("kid empty", BAD_KID, h -> h.put("kid", "")));
        cases.add(header("kid with a space", BAD_KID, h -> h.put("kid", "P 001")));
        cases.add(header("kid of 129 characters", BAD_KID, h -> h.put("kid", "P".repeat(129))));
        cases.add(header("kid a number", BAD_KID, h -> h.put("kid", 1)));

        cases.add(header("kid names nobody", UNKNOWN_OPERATOR, h -> h.put("kid", "P-999")));
        cases.add(withDoor("operator deactivated", OPERATOR_INACTIVE,
                f -> setPerson(f, p -> copy(p, p.roles(), false, p.doors(), p.publicKey()))));
        cases.add(withDoor("no operator role", NOT_AN_OPERATOR,
                f -> setPerson(f, p -> copy(p, Set.of("access", "escort"), true, p.doors(), p.publicKey()))));
        cases.add(withDoor("operator of other doors", WRONG_DOOR_FOR_OPERATOR,
                f -> setPerson(f, p -> copy(p, p.roles(), true, Set.of("door-2"), p.publicKey()))));
        cases.add(withDoor("no publicKey", NO_PUBLIC_KEY, f -> setPerson(f, p -> copy(p, p.roles(), true, p.doors(), null))));
        cases.add(withDoor("blank publicKey", NO_PUBLIC_KEY, f -> setPerson(f, p -> copy(p, p.roles(), true, p.doors(), " "))));
        cases.add(withDoor("publicKey not base64", BAD_PUBLIC_KEY,
                f -> setPerson(f, p -> copy(p, p.roles(), true, p.doors(), "not base64!"))));
        cases.add(withDoor("publicKey an X25519 key", BAD_PUBLIC_KEY, f -> setPerson(f, p -> copy(p, p.roles(), true,
                p.doors(), "MCowBQYDK2VuAyEA" + "A".repeat(43) + "="))));
        cases.add(withDoor("publicKey truncated", BAD_PUBLIC_KEY,
                f -> setPerson(f, p -> copy(p, p.roles(), true, p.doors(), p.publicKey().substring(0, 40)))));

        cases.add(text("signed by another key", BAD_SIGNATURE, f -> TokenFixture.signed(json(f.header()),
                json(f.claims()), TokenFixture.newKeyPair().getPrivate())));
        cases.add(withDoor("the operator's key was replaced", BAD_SIGNATURE, f -> setPerson(f,
                p -> copy(p, p.roles(), true, p.doors(), TokenFixture.publicKeyValue(TokenFixture.newKeyPair())))));
        cases.add(text("claims changed without re-signing", BAD_SIGNATURE, f -> {
            Map<String, Object> c = f.claims();
            c.put("seconds", 60);
            return parts(f.validToken(), 0, 1) + "." + b64(json(c)) + "." + parts(f.validToken(), 2, 3);
        }));
        cases.add(text("signature of 63 bytes", BAD_SIGNATURE, f -> parts(f.validToken(), 0, 2) + "." + b64(new byte[63])));
        cases.add(text("signature all zeros", BAD_SIGNATURE, f -> parts(f.validToken(), 0, 2) + "." + b64(new byte[64])));
        cases.add(text("HMAC-looking signature", BAD_SIGNATURE, f -> parts(f.validToken(), 0, 2) + "." + b64(new byte[32])));

        for (String claim : new String[] {"cmd", "door", "jti", "iat", "exp", "reason", "seconds"}) {
            cases.add(claims(claim + " missing", MISSING_CLAIM, c -> c.remove(claim)));
        }
        cases.add(claims("iat null", MISSING_CLAIM, c -> c.put("iat", null)));
        cases.add(claims("iat a string", BAD_CLAIM, c -> c.put("iat", String.valueOf(c.get("iat")))));
        cases.add(claims("exp with a fraction", BAD_CLAIM, c -> c.put("exp", new java.math.BigDecimal(c.get("exp") + ".5"))));
        cases.add(claims("exp beyond 64 bits", BAD_CLAIM, c -> c.put("exp", new java.math.BigInteger("99999999999999999999"))));
        cases.add(claims("door a number", BAD_CLAIM, c -> c.put("door", 1)));
        cases.add(claims("jti empty", BAD_CLAIM, c -> c.put("jti", "")));
        cases.add(claims("jti with a space", BAD_CLAIM, c -> c.put("jti", "c 1")));
        cases.add(claims("jti of 129 characters", BAD_CLAIM, c -> c.put("jti", "c".repeat(129))));
        cases.add(claims("seconds a string", BAD_CLAIM, c -> c.put("seconds", "5")));
        cases.add(claims("reason an array", BAD_CLAIM, c -> c.put("reason", List.of("x"))));
        cases.add(claims("cmd open", UNKNOWN_CMD, c -> c.put("cmd", "open")));
        cases.add(claims("cmd UNLOCK", UNKNOWN_CMD, c -> c.put("cmd", "UNLOCK")));

        cases.add(claims("another door", WRONG_DOOR, c -> c.put("door", "door-2")));
        cases.add(claims("iat 31 s ahead", NOT_YET_VALID, c -> {
            c.put("iat", (long) c.get("iat") + 31);
            c.put("exp", (long) c.get("iat") + 30);
        }));
        cases.add(claims("exp now", EXPIRED, c -> {
            c.put("iat", (long) c.get("iat") - 30);
            c.put("exp", (long) c.get("exp") - 30);
        }));
        cases.add(claims("exp 121 s after iat", LIFETIME_TOO_LONG, c -> c.put("exp", (long) c.get("iat") + 121)));
        cases.add(claims("exp before iat", LIFETIME_TOO_LONG, c -> {
            c.put("iat", (long) c.get("iat") + 20);
            c.put("exp", (long) c.get("iat") - 10);
        }));
        cases.add(claims("iat far in the past", LIFETIME_TOO_LONG, c -> c.put("iat", Long.MIN_VALUE)));
        cases.add(new Case("jti accepted before", REPLAYED,
                f -> f.remembered.remember(JTI, f.clock.instant().plusSeconds(30)), f -> ascii(f.validToken()), false));
        cases.add(claims("reason blank", BLANK_REASON, c -> c.put("reason", " \t\n")));
        cases.add(claims("reason empty", BLANK_REASON, c -> c.put("reason", "")));
        cases.add(claims("reason 501 characters", REASON_TOO_LONG, c -> c.put("reason", "r".repeat(501))));
        cases.add(claims("seconds 0", BAD_SECONDS, c -> c.put("seconds", 0)));
        cases.add(claims("seconds 61", BAD_SECONDS, c -> c.put("seconds", 61)));
        cases.add(claims("seconds negative", BAD_SECONDS, c -> c.put("seconds", -5)));
        cases.add(claims("seconds huge", BAD_SECONDS, c -> c.put("seconds", Long.MAX_VALUE)));
        cases.add(claims("seconds 0 on a lockdown", BAD_SECONDS, c -> {
            c.put("cmd", "lockdown");
            c.put("seconds", 0);
        }));

        // The clear command names whom it clears.
        cases.add(claims("clear without personId", MISSING_CLAIM, c -> c.put("cmd", "clear")));
        cases.add(claims("clear with a personId of spaces", BAD_CLAIM, c -> {
            c.put("cmd", "clear");
            c.put("personId", "P 003");
        }));

        // Break-glass: two different operators over one payload, in JWS JSON serialization.
        cases.add(claims("an override in a compact token (one signature)", SECOND_SIGNATURE_MISSING, c -> {
            c.put("cmd", "override");
            c.put("seconds", 300);
        }));
        cases.add(text("an override signed once", SECOND_SIGNATURE_MISSING, f -> TokenFixture.override(
                json(f.overrideClaims()), List.of(TokenFixture.OPERATOR), List.of(f.operatorKeys.getPrivate()))));
        cases.add(text("an override in flattened form (one signature)", SECOND_SIGNATURE_MISSING, f -> {
            String once = TokenFixture.override(json(f.overrideClaims()), List.of(TokenFixture.OPERATOR),
                    List.of(f.operatorKeys.getPrivate()));
            return once.replace("\"signatures\":[{", "").replace("}]}", "}");
        }));
        cases.add(text("an override signed twice by the same operator", SAME_OPERATOR_TWICE, f -> TokenFixture.override(
                json(f.overrideClaims()), List.of(TokenFixture.OPERATOR, TokenFixture.OPERATOR),
                List.of(f.operatorKeys.getPrivate(), f.operatorKeys.getPrivate()))));
        cases.add(text("an override with three signatures", MALFORMED_TOKEN, f -> TokenFixture.override(
                json(f.overrideClaims()), List.of(TokenFixture.OPERATOR, TokenFixture.SECOND, "P-003"),
                List.of(f.operatorKeys.getPrivate(), f.secondKeys.getPrivate(), f.secondKeys.getPrivate()))));
        cases.add(text("an override without signatures", MALFORMED_TOKEN,
                f -> "{\"payload\":\"" + b64(json(f.overrideClaims())) + "\",\"signatures\":[]}"));
        cases.add(text("an override whose kid sits in an unprotected header", BAD_HEADER, f -> f.validOverride()
                .replaceFirst("\\{\"protected\"", "{\"header\":{\"kid\":\"P-009\"},\"protected\"")));
        cases.add(text("an override that is not JSON", BAD_JSON, f -> "{payload: x}"));
        cases.add(new Case("an override cosigned by someone without the operator role", NOT_AN_OPERATOR,
                f -> f.persons.put(TokenFixture.SECOND, new Person(TokenFixture.SECOND, "Staff", "0A0A0A0A0A",
                        Set.of("access"), true, Set.of(), TokenFixture.publicKeyValue(f.secondKeys))),
                f -> ascii(f.validOverride()), false));
        cases.add(new Case("an override cosigned by an unknown person", UNKNOWN_OPERATOR,
                f -> f.persons.remove(TokenFixture.SECOND), f -> ascii(f.validOverride()), false));
        cases.add(text("an override whose second signature is another key's", BAD_SIGNATURE, f -> TokenFixture.override(
                json(f.overrideClaims()), List.of(TokenFixture.OPERATOR, TokenFixture.SECOND),
                List.of(f.operatorKeys.getPrivate(), f.operatorKeys.getPrivate()))));
        cases.add(text("two signatures over an unlock", BAD_CLAIM, f -> TokenFixture.override(
                json(f.claims()), List.of(TokenFixture.OPERATOR, TokenFixture.SECOND),
                List.of(f.operatorKeys.getPrivate(), f.secondKeys.getPrivate()))));
        cases.add(text("an override for 301 s", BAD_SECONDS, f -> {
            Map<String, Object> c = f.overrideClaims();
            c.put("seconds", 301);
            return TokenFixture.override(json(c), List.of(TokenFixture.OPERATOR, TokenFixture.SECOND),
                    List.of(f.operatorKeys.getPrivate(), f.secondKeys.getPrivate()));
        }));
        cases.add(text("an override without seconds", MISSING_CLAIM, f -> {
            Map<String, Object> c = f.overrideClaims();
            c.remove("seconds");
            return TokenFixture.override(json(c), List.of(TokenFixture.OPERATOR, TokenFixture.SECOND),
                    List.of(f.operatorKeys.getPrivate(), f.secondKeys.getPrivate()));
        }));
        cases.add(text("an override that expired", EXPIRED, f -> {
            Map<String, Object> c = f.overrideClaims();
            c.put("iat", (long) c.get("iat") - 120);
            c.put("exp", (long) c.get("iat") + 120);
            return TokenFixture.override(json(c), List.of(TokenFixture.OPERATOR, TokenFixture.SECOND),
                    List.of(f.operatorKeys.getPrivate(), f.secondKeys.getPrivate()));
        }));
        cases.add(new Case("an override accepted before", REPLAYED,
                f -> f.remembered.remember(JTI, f.clock.instant().plusSeconds(30)), f -> ascii(f.validOverride()), false));
        cases.add(new Case("an override delivered retained", RETAINED, f -> { }, f -> ascii(f.validOverride()), true));

        cases.add(new Case("the database fails looking up the jti", INTERNAL_ERROR,
                f -> f.replayGuard = new FailingGuard(), f -> ascii(f.validToken()), false));
        cases.add(new Case("the personnel lookup fails", INTERNAL_ERROR,
                f -> f.operators = id -> {
                    throw new StoreException("disk I/O error", null);
                }, f -> ascii(f.validToken()), false));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refuses(Case c) {
        TokenFixture f = new TokenFixture();
        c.door().accept(f);
        Verification v = f.verifier().verify(c.token().apply(f), c.retained());
        Rejection r = assertInstanceOf(Rejection.class, v, c.name());
        assertEquals(c.expected(), r.reason(), c.name() + ": " + r.detail());
        assertTrue(!r.detail().isBlank());
        PRODUCED.add(r.reason());
    }

    @Test
    void aCommandThatArrivedBeforeTheSubscriptionWasAcknowledgedIsStale() {
        TokenFixture f = new TokenFixture();
        Rejection r = assertInstanceOf(Rejection.class, f.verifier().verify(ascii(f.validToken()), false, false));
        assertEquals(RejectionReason.STALE, r.reason());
        assertEquals(Optional.of(JTI), r.jti(), "the result names the command, so its operator learns why");
        PRODUCED.add(r.reason());
    }

    @AfterAll
    static void everyReasonWasProduced() {
        assertEquals(EnumSet.allOf(RejectionReason.class), PRODUCED, "reasons without a crafted token");
    }

    @Test
    void reportsClaimedIdentifiersAndWhetherTheSignatureWasVerified() {
        TokenFixture f = new TokenFixture();
        Rejection bad = (Rejection) f.verify(TokenFixture.signed(json(f.header()), json(f.claims()),
                TokenFixture.newKeyPair().getPrivate()));
        assertEquals(BAD_SIGNATURE, bad.reason());
        assertEquals(Optional.of(JTI), bad.jti(), "the sender can match the result to its token");
        assertEquals(Optional.of("P-001"), bad.operatorId());
        assertEquals(false, bad.authenticated());

        Map<String, Object> c = f.claims();
        c.put("door", "door-2");
        Rejection wrongDoor = (Rejection) f.verify(f.token(f.header(), c));
        assertEquals(true, wrongDoor.authenticated());
        assertEquals(Optional.of(JTI), wrongDoor.jti());

        Rejection garbage = (Rejection) f.verify("x.y.z");
        assertEquals(Optional.empty(), garbage.jti());
        assertEquals(Optional.empty(), garbage.operatorId());

        Rejection retained = (Rejection) f.verifier().verify(f.validToken(), true);
        assertEquals(Optional.of(JTI), retained.jti());
    }

    @Test
    void wireNamesAreSnakeCaseAndDistinct() {
        Set<String> names = new java.util.HashSet<>();
        for (RejectionReason r : RejectionReason.values()) {
            assertTrue(r.wireName().matches("[a-z0-9]+(_[a-z0-9]+)*"), r.wireName());
            assertTrue(names.add(r.wireName()));
            assertEquals(r.name().toLowerCase(java.util.Locale.ROOT), r.wireName());
        }
    }

    @Test
    void hexOfTheDerPrefixIsTheEd25519One() {
        assertEquals("302a300506032b6570032100", HexFormat.of().formatHex(OperatorKey.SPKI_PREFIX));
    }

    /** A replay memory whose database has failed. */
    private static final class FailingGuard implements ReplayGuard {
        @Override
        public boolean seen(String jti) {
            throw new StoreException("disk I/O error", null);
        }

        @Override
        public void remember(String jti, java.time.Instant expiresAt) {
            throw new StoreException("disk I/O error", null);
        }
    }
}
