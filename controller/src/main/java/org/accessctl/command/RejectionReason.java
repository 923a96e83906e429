package org.accessctl.command;

/**
 * Why a command token was refused, as the controller reports it in {@code command_rejected}
 * events and on {@code commands/results}. The wire names are stable: operators' tools and
 * monitoring match on them.
 *
 * <p>The reasons are listed in the order the checks run. Everything up to and including
 * {@link #BAD_SIGNATURE} is decided before the signature is known to be good, so nothing in the
 * payload has been trusted yet; everything after it is about a token the operator really signed.
 */
public enum RejectionReason {

    /** The command arrived as a retained message: a stored command would fire again at every (re)connect. */
    RETAINED("retained"),
    /**
     * The command waited for the door in its session while the door was away, or otherwise
     * arrived before the door's subscription was acknowledged: only a live command acts.
     */
    STALE("stale"),
    /** The token is longer than {@link CommandToken#MAX_LENGTH} bytes; refused before any other work. */
    TOKEN_TOO_LARGE("token_too_large"),
    /** Not three non-empty dot-separated parts of ASCII text. */
    MALFORMED_TOKEN("malformed_token"),
    /** A part is not unpadded base64url in its canonical form. */
    BAD_BASE64("bad_base64"),
    /** The header or the payload is not a JSON object (malformed JSON or UTF-8 included). */
    BAD_JSON("bad_json"),
    /** The header's {@code alg} is missing or anything but exactly {@code EdDSA}. */
    UNSUPPORTED_ALG("unsupported_alg"),
    /** The header names {@code crit} extensions, which this controller does not implement. */
    CRITICAL_HEADER("critical_header"),
    /** A header member we read has the wrong type (e.g. {@code typ} that is not a string). */
    BAD_HEADER("bad_header"),
    /** The header's {@code kid} is missing, not a string, empty, or not 1 to 128 printable characters. */
    BAD_KID("bad_kid"),
    /** No person with the {@code kid} as personId is known to this door. */
    UNKNOWN_OPERATOR("unknown_operator"),
    /** The person exists but is not active. */
    OPERATOR_INACTIVE("operator_inactive"),
    /** The person lacks the {@code operator} role. */
    NOT_AN_OPERATOR("not_an_operator"),
    /** The person's {@code doors} do not include this door. */
    WRONG_DOOR_FOR_OPERATOR("wrong_door_for_operator"),
    /** The person's record has no {@code publicKey}. */
    NO_PUBLIC_KEY("no_public_key"),
    /** The record's {@code publicKey} is not base64 of an Ed25519 SubjectPublicKeyInfo. */
    BAD_PUBLIC_KEY("bad_public_key"),
    /** The signature is not a valid Ed25519 signature of the token by the operator's current key. */
    BAD_SIGNATURE("bad_signature"),
    /**
     * A break-glass override carries one operator's signature, or came as a compact token: it
     * needs two different operators' signatures over one payload (JWS JSON serialization).
     */
    SECOND_SIGNATURE_MISSING("second_signature_missing"),
    /** Both signatures of an override name the same operator: one person cannot break the glass alone. */
    SAME_OPERATOR_TWICE("same_operator_twice"),
    /**
     * A claim the command needs is absent or null ({@code seconds} for {@code unlock} and
     * {@code override}, {@code personId} for {@code clear}).
     */
    MISSING_CLAIM("missing_claim"),
    /** A claim has the wrong type or shape ({@code iat} not an integer, {@code jti} too long, ...). */
    BAD_CLAIM("bad_claim"),
    /** {@code cmd} is not {@code unlock}, {@code lockdown}, {@code release}, {@code clear} or {@code override}. */
    UNKNOWN_CMD("unknown_cmd"),
    /** The token is for another door. */
    WRONG_DOOR("wrong_door"),
    /** {@code iat} is more than 30 s ahead of the door's clock (or the door's clock is not set). */
    NOT_YET_VALID("not_yet_valid"),
    /** {@code exp} is not after the door's clock. */
    EXPIRED("expired"),
    /** {@code exp} is more than 120 s after {@code iat}, or not after it at all. */
    LIFETIME_TOO_LONG("lifetime_too_long"),
    /** This {@code jti} was accepted before (remembered across restarts). */
    REPLAYED("replayed"),
    /** {@code reason} is empty or only white space. */
    BLANK_REASON("blank_reason"),
    /** {@code reason} is longer than 500 characters. */
    REASON_TOO_LONG("reason_too_long"),
    /** {@code seconds} is not an integer from 1 to 60 (1 to 300 for {@code override}). */
    BAD_SECONDS("bad_seconds"),
    /**
     * The controller could not decide (e.g. the database failed while looking up the
     * {@code jti}). Fails closed: the command is refused, never carried out.
     */
    INTERNAL_ERROR("internal_error");

    private final String wireName;

    RejectionReason(String wireName) {
        this.wireName = wireName;
    }

    /** The snake_case name used in events and results. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
