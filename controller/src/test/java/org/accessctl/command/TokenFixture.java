package org.accessctl.command;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.accessctl.core.Person;
import org.accessctl.json.Json;
import org.accessctl.testing.MutableClock;

/**
 * A door ({@code door-1}) with one operator ({@code P-001}) and what tests need to build tokens
 * for it by hand, including ones no honest signer would make.
 */
final class TokenFixture {

    static final String DOOR = "door-1";
    static final String OPERATOR = "P-001";
    /** The second operator a break-glass override needs. */
    static final String SECOND = "P-002";

    final MutableClock clock = MutableClock.atVisitMorning();
    final KeyPair operatorKeys = newKeyPair();
    final KeyPair secondKeys = newKeyPair();
    final Map<String, Person> persons = new ConcurrentHashMap<>();
    final RememberedJtis remembered = new RememberedJtis();
    /** The ports the verifier uses; a test may swap in failing ones. */
    Operators operators = id -> Optional.ofNullable(persons.get(id));
    ReplayGuard replayGuard = remembered;

    TokenFixture() {
        persons.put(OPERATOR, operator(OPERATOR, publicKeyValue(operatorKeys)));
        persons.put(SECOND, operator(SECOND, publicKeyValue(secondKeys)));
    }

    static Person operator(String id, String publicKey) {
        return new Person(id, "Operator One", "0A1B2C3D4E", Set.of("access", "operator"), true, Set.of(DOOR),
                publicKey);
    }

    static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String publicKeyValue(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    long now() {
        return clock.instant().getEpochSecond();
    }

    Map<String, Object> header() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", "EdDSA");
        h.put("kid", OPERATOR);
        return h;
    }

    /** The claims of a valid unlock issued now. */
    Map<String, Object> claims() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("cmd", "unlock");
        c.put("door", DOOR);
        c.put("jti", "c-8f3a0000000000000000000000000001");
        c.put("iat", now());
        c.put("exp", now() + 30);
        c.put("reason", "Vendor at the door, escort inside");
        c.put("seconds", 5);
        return c;
    }

    String validToken() {
        return token(header(), claims());
    }

    /** The claims of a valid break-glass override issued now. */
    Map<String, Object> overrideClaims() {
        Map<String, Object> c = claims();
        c.put("cmd", "override");
        c.put("seconds", 300);
        c.put("reason", "Fire in the UPS room");
        return c;
    }

    /** A valid override: signed by P-001, then P-002, in JWS JSON serialization. */
    String validOverride() {
        return override(json(overrideClaims()), List.of(OPERATOR, SECOND),
                List.of(operatorKeys.getPrivate(), secondKeys.getPrivate()));
    }

    /** JWS JSON over {@code payload} with one signature per {@code kid}, made with the key beside it. */
    static String override(byte[] payload, List<String> kids, List<PrivateKey> keys) {
        StringBuilder s = new StringBuilder("{\"payload\":\"" + b64(payload) + "\",\"signatures\":[");
        for (int i = 0; i < kids.size(); i++) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("alg", "EdDSA");
            h.put("kid", kids.get(i));
            String header = b64(json(h));
            String signature = b64(sign((header + "." + b64(payload)).getBytes(StandardCharsets.US_ASCII), keys.get(i)));
            s.append(i == 0 ? "" : ",").append("{\"protected\":\"").append(header).append("\",\"signature\":\"")
                    .append(signature).append("\"}");
        }
        return s.append("]}").toString();
    }

    CommandSigner secondSigner() {
        return new CommandSigner(secondKeys.getPrivate(), SECOND, clock, new SecureRandom());
    }

    String token(Map<String, Object> header, Map<String, Object> claims) {
        return signed(json(header), json(claims), operatorKeys.getPrivate());
    }

    /** A token over raw header and payload bytes, signed as given with {@code key}. */
    static String signed(byte[] header, byte[] payload, PrivateKey key) {
        String input = b64(header) + "." + b64(payload);
        return input + "." + b64(sign(input.getBytes(StandardCharsets.US_ASCII), key));
    }

    static byte[] sign(byte[] message, PrivateKey key) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] json(Map<String, Object> members) {
        return Json.write(members).getBytes(StandardCharsets.UTF_8);
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    CommandVerifier verifier() {
        return new CommandVerifier(DOOR, clock, operators, replayGuard);
    }

    Verification verify(String token) {
        return verifier().verify(token);
    }

    CommandSigner signer() {
        return new CommandSigner(operatorKeys.getPrivate(), OPERATOR, clock, new SecureRandom());
    }

    Clock clock() {
        return clock;
    }

    /** An in-memory {@link ReplayGuard}; the SQLite one is tested against the verifier in the store's tests. */
    static final class RememberedJtis implements ReplayGuard {
        final Map<String, Instant> remembered = new ConcurrentHashMap<>();

        @Override
        public boolean seen(String jti) {
            return remembered.containsKey(jti);
        }

        @Override
        public void remember(String jti, Instant expiresAt) {
            remembered.put(jti, expiresAt);
        }
    }
}
