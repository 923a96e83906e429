package org.accessctl.command;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.accessctl.core.Person;

/**
 * Decides whether a command token may be carried out by this door (contract section 3).
 *
 * <p>The checks run in a fixed order, cheapest and least trusting first: size and shape, the
 * header ({@code alg} pinned to EdDSA), the {@code kid}, the operator's record (active,
 * {@code operator} role, this door, a public key), the Ed25519 signature, and only then the
 * claims: this door, {@code iat} at most 30 s ahead, {@code exp} in the future and at most
 * 120 s after {@code iat}, an unseen {@code jti}, a non-blank {@code reason} and {@code seconds}
 * 1..60 (1..300 for an override). Nothing from the payload influences a decision before the signature has been verified,
 * and the replay memory is only consulted for tokens an operator really signed, so forged
 * tokens cost a hash and a signature check, never a database write.
 *
 * <p>A break-glass {@code override} comes in JWS JSON serialization ({@link JwsJson}) with
 * exactly two signatures over one payload. Each is checked as a compact token would be, signer
 * by signer (their records, then their signatures through {@link CommandToken#signedBy}); the
 * two must name different operators; the claims are then checked once, with the same replay
 * memory and times. An override with one signature, or in a compact token, is refused.
 *
 * <p>{@link #verify} never throws: hostile input of any kind ends as a {@link Rejection}, and so
 * does a failure of the ports (then {@code internal_error}: refuse rather than guess).
 *
 * <p>The verifier only asks {@link ReplayGuard#seen}; remembering an accepted {@code jti} is the
 * caller's, in the same transaction as the {@code command_accepted} event, so that a crash
 * between the two can neither lose the acceptance nor let the token be accepted twice.
 */
public final class CommandVerifier {

    /** How far ahead of the door's clock {@code iat} may be: operators' clocks drift a little. */
    public static final Duration MAX_CLOCK_AHEAD = Duration.ofSeconds(30);
    /** Longest lifetime ({@code exp - iat}) a token may have: a captured token is useless soon after. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(120);
    public static final int MIN_SECONDS = 1;
    public static final int MAX_SECONDS = 60;
    /** Longest break-glass release: long enough to carry equipment out or let a fire brigade in. */
    public static final int MAX_OVERRIDE_SECONDS = 300;
    /** An override is signed by exactly this many different operators. */
    public static final int OVERRIDE_SIGNATURES = 2;

    private final String doorId;
    private final Clock clock;
    private final Operators operators;
    private final ReplayGuard replayGuard;

    public CommandVerifier(String doorId, Clock clock, Operators operators, ReplayGuard replayGuard) {
        this.doorId = Objects.requireNonNull(doorId, "doorId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.operators = Objects.requireNonNull(operators, "operators");
        this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
    }

    /**
     * Verifies an MQTT payload.
     *
     * @param retained whether the broker delivered it as a retained message; such a command is
     *     always refused, since it would be carried out again at every reconnect
     */
    public Verification verify(byte[] payload, boolean retained) {
        return verify(payload, retained, true);
    }

    /**
     * Verifies an MQTT payload.
     *
     * @param retained whether it arrived retained (refused: it would act again at every reconnect)
     * @param live false when it arrived before the door's subscription was acknowledged, which only
     *     a command that waited for the door in a session does (refused: an operator's tool has
     *     long told them that the door did not answer)
     */
    public Verification verify(byte[] payload, boolean retained, boolean live) {
        return verify(payload, retained, live, true);
    }

    /**
     * The checks that need nothing but the bytes and how they came: size, retained, live, and
     * whether they are a token at all. A token refused here never needs the door's state (its
     * operators, the commands seen); a flood of junk is refused on arrival, off the door loop.
     * Safe from any thread. Empty when the token needs {@link #verify} to decide.
     */
    public Optional<Rejection> screen(byte[] payload, boolean retained, boolean live) {
        return Optional.ofNullable((Rejection) verify(payload, retained, live, false));
    }

    /** With {@code full} false, stops after parsing: null for a token that parses. */
    private Verification verify(byte[] payload, boolean retained, boolean live, boolean full) {
        if (payload == null) {
            return refused(RejectionReason.MALFORMED_TOKEN, "no token", null);
        }
        // Checked on the bytes, before anything is copied or decoded.
        if (payload.length > CommandToken.MAX_LENGTH) {
            return refused(RejectionReason.TOKEN_TOO_LARGE,
                    "token of " + payload.length + " bytes is longer than " + CommandToken.MAX_LENGTH, null);
        }
        // One character per byte: any byte outside ASCII becomes a character outside base64url
        // and is refused there, with no decoder in between to patch or skip it.
        return verify(new String(payload, StandardCharsets.ISO_8859_1), retained, live, full);
    }

    /** Verifies a token that did not arrive retained. */
    public Verification verify(String token) {
        return verify(token, false);
    }

    public Verification verify(String token, boolean retained) {
        return verify(token, retained, true, true);
    }

    private Verification verify(String token, boolean retained, boolean live, boolean full) {
        try {
            if (token != null && token.length() > CommandToken.MAX_LENGTH) {
                return refused(RejectionReason.TOKEN_TOO_LARGE,
                        "token of " + token.length() + " characters is longer than " + CommandToken.MAX_LENGTH, null);
            }
            if (retained) {
                return refused(RejectionReason.RETAINED, "commands are never taken from retained messages",
                        parsedOrNull(token));
            }
            if (!live) {
                return refused(RejectionReason.STALE,
                        "the command waited for the door while it was away; only live commands act", parsedOrNull(token));
            }
            return check(token, full);
        } catch (RuntimeException | StackOverflowError e) {
            return refused(RejectionReason.INTERNAL_ERROR,
                    "the command could not be checked: " + e.getClass().getSimpleName(), parsedOrNull(token));
        }
    }

    private Verification check(String text, boolean full) {
        if (JwsJson.looksLikeJson(text)) {
            return checkOverride(text, full);
        }
        CommandToken token;
        try {
            token = CommandToken.parse(text);
        } catch (CommandRefused e) {
            return refused(e.reason(), e.detail(), null);
        }
        if (!full) {
            return null;
        }
        try {
            verifySigner(token);
        } catch (CommandRefused e) {
            return refused(e.reason(), e.detail(), token);
        }
        // From here on the operator is known to have signed exactly these bytes.
        CommandClaims claims;
        try {
            claims = CommandClaims.parse(token.payload());
            if (claims.cmd() == CommandType.OVERRIDE) {
                throw new CommandRefused(RejectionReason.SECOND_SIGNATURE_MISSING, "a break-glass override needs the"
                        + " signatures of two different operators (JWS JSON serialization); this token carries one, "
                        + token.kid() + "'s");
            }
            checkClaims(claims);
        } catch (CommandRefused e) {
            return new Rejection(e.reason(), e.detail(), CommandClaims.claimedJti(token.payload()),
                    Optional.of(token.kid()), true);
        }
        return verified(List.of(token.kid()), claims);
    }

    /** Two operators' break-glass override: both signers checked, then the claims once. */
    private Verification checkOverride(String text, boolean full) {
        List<CommandToken> tokens;
        try {
            tokens = JwsJson.parse(text).signatures();
        } catch (CommandRefused e) {
            return refused(e.reason(), e.detail(), null);
        }
        if (!full) {
            return null;
        }
        CommandToken first = tokens.get(0);
        if (tokens.size() < OVERRIDE_SIGNATURES) {
            return refused(RejectionReason.SECOND_SIGNATURE_MISSING, "a break-glass override needs the signatures of"
                    + " two different operators; this one carries only " + first.kid() + "'s (cosign adds the second)",
                    first);
        }
        if (tokens.size() > OVERRIDE_SIGNATURES) {
            return refused(RejectionReason.MALFORMED_TOKEN, "an override carries exactly " + OVERRIDE_SIGNATURES
                    + " signatures, not " + tokens.size(), first);
        }
        if (first.kid().equals(tokens.get(1).kid())) {
            return refused(RejectionReason.SAME_OPERATOR_TWICE, first.kid() + " signed twice: a break-glass override"
                    + " needs two different operators", first);
        }
        for (CommandToken token : tokens) {
            try {
                verifySigner(token);
            } catch (CommandRefused e) {
                return refused(e.reason(), e.detail(), token);
            }
        }
        // From here on both operators are known to have signed exactly this payload.
        List<String> signers = tokens.stream().map(CommandToken::kid).toList();
        CommandClaims claims;
        try {
            claims = CommandClaims.parse(first.payload());
            if (claims.cmd() != CommandType.OVERRIDE) {
                throw new CommandRefused(RejectionReason.BAD_CLAIM, "only a break-glass override is sent with two"
                        + " signatures; this is " + CommandToken.printable(claims.cmd().wireName()));
            }
            checkClaims(claims);
        } catch (CommandRefused e) {
            return new Rejection(e.reason(), e.detail(), CommandClaims.claimedJti(first.payload()),
                    Optional.of(first.kid()), true);
        }
        return verified(signers, claims);
    }

    private static VerifiedCommand verified(List<String> signers, CommandClaims claims) {
        return new VerifiedCommand(signers.get(0), claims.cmd(), claims.jti(), claims.reason(),
                claims.seconds().isPresent() ? OptionalInt.of((int) claims.seconds().getAsLong()) : OptionalInt.empty(),
                Instant.ofEpochSecond(claims.exp()), signers, claims.personId());
    }

    /** The operator's record allows this token's signer to command this door, and the signature is theirs. */
    private void verifySigner(CommandToken token) throws CommandRefused {
        Person person = operators.byId(token.kid()).orElseThrow(() -> new CommandRefused(
                RejectionReason.UNKNOWN_OPERATOR, "no person " + token.kid() + " is known here"));
        if (!person.active()) {
            throw new CommandRefused(RejectionReason.OPERATOR_INACTIVE, person.personId() + " is not active");
        }
        if (!person.hasRole(Person.ROLE_OPERATOR)) {
            throw new CommandRefused(RejectionReason.NOT_AN_OPERATOR,
                    person.personId() + " does not have the " + Person.ROLE_OPERATOR + " role");
        }
        if (!person.mayUse(doorId)) {
            throw new CommandRefused(RejectionReason.WRONG_DOOR_FOR_OPERATOR,
                    person.personId() + " may not use door " + doorId);
        }
        if (person.publicKey() == null || person.publicKey().isBlank()) {
            throw new CommandRefused(RejectionReason.NO_PUBLIC_KEY, person.personId() + " has no publicKey");
        }
        OperatorKey key = OperatorKey.fromBase64(person.publicKey());
        if (!token.signedBy(key)) {
            throw new CommandRefused(RejectionReason.BAD_SIGNATURE,
                    "the signature is not " + person.personId() + "'s over this token");
        }
    }

    /** Epoch seconds as the operator reads a time: ISO-8601 in the door's zone. */
    private String iso(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).atZone(clock.getZone()).toOffsetDateTime().toString();
    }

    private void checkClaims(CommandClaims c) throws CommandRefused {
        if (!c.door().equals(doorId)) {
            throw new CommandRefused(RejectionReason.WRONG_DOOR,
                    "the token is for door " + CommandToken.printable(c.door()) + ", this is " + doorId);
        }
        // Whole seconds: for integer iat and exp these compare exactly as against the precise instant.
        long now = clock.instant().getEpochSecond();
        if (c.iat() > now + MAX_CLOCK_AHEAD.toSeconds()) {
            throw new CommandRefused(RejectionReason.NOT_YET_VALID, "signed at " + iso(c.iat()) + ", "
                    + (c.iat() - now) + " s ahead of the door's clock (" + iso(now) + "), more than the "
                    + MAX_CLOCK_AHEAD.toSeconds() + " s allowed: the signer's clock is ahead of the door's");
        }
        if (c.exp() <= now) {
            throw new CommandRefused(RejectionReason.EXPIRED, "expired at " + iso(c.exp()) + " by the door's clock ("
                    + iso(now) + "); signed at " + iso(c.iat()) + ", " + (now - c.iat())
                    + " s before the door's clock: the signer's clock is behind the door's, or the token is old");
        }
        // iat <= now + 30 here, so iat + 120 cannot overflow.
        if (c.exp() <= c.iat() || c.exp() > c.iat() + MAX_LIFETIME.toSeconds()) {
            throw new CommandRefused(RejectionReason.LIFETIME_TOO_LONG, "exp - iat is " + (c.exp() - c.iat())
                    + " s; it must be 1 to " + MAX_LIFETIME.toSeconds());
        }
        if (replayGuard.seen(c.jti())) {
            throw new CommandRefused(RejectionReason.REPLAYED, "jti " + c.jti() + " was accepted before");
        }
        if (c.reason().isBlank()) {
            throw new CommandRefused(RejectionReason.BLANK_REASON, "the reason is blank");
        }
        if (c.reason().codePointCount(0, c.reason().length()) > CommandClaims.MAX_REASON_LENGTH) {
            throw new CommandRefused(RejectionReason.REASON_TOO_LONG,
                    "the reason is longer than " + CommandClaims.MAX_REASON_LENGTH + " characters");
        }
        int max = c.cmd() == CommandType.OVERRIDE ? MAX_OVERRIDE_SECONDS : MAX_SECONDS;
        if (c.seconds().isPresent() && (c.seconds().getAsLong() < MIN_SECONDS || c.seconds().getAsLong() > max)) {
            throw new CommandRefused(RejectionReason.BAD_SECONDS,
                    "seconds " + c.seconds().getAsLong() + " is not " + MIN_SECONDS + " to " + max);
        }
    }

    /** A refusal before the signature was verified; the identifiers come from the token if it could be parsed. */
    private static Rejection refused(RejectionReason reason, String detail, CommandToken token) {
        if (token == null) {
            return new Rejection(reason, detail, Optional.empty(), Optional.empty(), false);
        }
        return new Rejection(reason, detail, CommandClaims.claimedJti(token.payload()), Optional.of(token.kid()), false);
    }

    /**
     * The token taken apart if it can be, for reporting only; never throws. Of an override, its
     * first signature, which names the payload's {@code jti} like any token.
     */
    private static CommandToken parsedOrNull(String text) {
        try {
            return JwsJson.looksLikeJson(text) ? JwsJson.parse(text).signatures().get(0) : CommandToken.parse(text);
        } catch (CommandRefused | RuntimeException | StackOverflowError e) {
            return null;
        }
    }
}
