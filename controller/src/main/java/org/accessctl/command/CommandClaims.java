package org.accessctl.command;

import java.util.Optional;
import java.util.OptionalLong;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;

/**
 * The claims of a command token's payload, read with their types checked:
 * {@code cmd}, {@code door}, {@code jti}, {@code iat}, {@code exp}, {@code reason}, for
 * {@code unlock} and {@code override} {@code seconds}, and for {@code clear} {@code personId}. Values are only read here, not judged against the door, its
 * clock or its memory of earlier commands; {@link CommandVerifier} does that.
 *
 * <p>{@code seconds} is required for {@code unlock}. For {@code lockdown} and {@code release} it
 * means nothing and may be left out; if it is sent anyway it must still be an integer, and
 * {@link CommandVerifier} holds it to 1..60 like any other {@code seconds}, so a token never
 * carries a value the contract calls invalid.
 *
 * @param iat issued at, seconds since the epoch
 * @param exp expires at, seconds since the epoch
 */
public record CommandClaims(CommandType cmd, String door, String jti, long iat, long exp, String reason,
                            OptionalLong seconds, Optional<String> personId) {

    /** Longest {@code reason} accepted, in characters. */
    public static final int MAX_REASON_LENGTH = 500;

    /**
     * Reads the claims from a payload whose signature has been verified.
     *
     * @throws CommandRefused with {@code bad_json}, {@code missing_claim}, {@code bad_claim} or {@code unknown_cmd}
     */
    static CommandClaims parse(byte[] payload) throws CommandRefused {
        JsonObject o = JsonObject.of(CommandToken.jsonObject(payload, "payload"));
        String cmdName = string(o, "cmd");
        CommandType cmd = CommandType.fromWire(cmdName).orElseThrow(() -> new CommandRefused(
                RejectionReason.UNKNOWN_CMD, "cmd \"" + CommandToken.printable(cmdName) + "\" is not one this door knows"));
        String door = string(o, "door");
        String jti = string(o, "jti");
        if (!CommandToken.PRINTABLE_ID.matcher(jti).matches()) {
            throw new CommandRefused(RejectionReason.BAD_CLAIM, "jti is not 1 to 128 printable characters without spaces");
        }
        long iat = integer(o, "iat");
        long exp = integer(o, "exp");
        String reason = string(o, "reason");
        OptionalLong seconds;
        if (o.has("seconds")) {
            seconds = OptionalLong.of(integer(o, "seconds"));
        } else if (cmd == CommandType.UNLOCK || cmd == CommandType.OVERRIDE) {
            throw new CommandRefused(RejectionReason.MISSING_CLAIM, cmd.wireName() + " needs the claim seconds");
        } else {
            seconds = OptionalLong.empty();
        }
        Optional<String> personId = Optional.empty();
        if (cmd == CommandType.CLEAR) {
            String id = string(o, "personId");
            if (!CommandToken.PRINTABLE_ID.matcher(id).matches()) {
                throw new CommandRefused(RejectionReason.BAD_CLAIM, "personId is not 1 to 128 printable characters without spaces");
            }
            personId = Optional.of(id);
        }
        return new CommandClaims(cmd, door, jti, iat, exp, reason, seconds, personId);
    }

    /**
     * The {@code jti} a payload claims, if it is readable and well formed, without verifying
     * anything. Only for reporting a refusal back to whoever sent it; never throws.
     */
    static Optional<String> claimedJti(byte[] payload) {
        try {
            Object jti = CommandToken.jsonObject(payload, "payload").get("jti");
            return jti instanceof String && CommandToken.PRINTABLE_ID.matcher((String) jti).matches()
                    ? Optional.of((String) jti) : Optional.empty();
        } catch (CommandRefused | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String string(JsonObject o, String name) throws CommandRefused {
        present(o, name);
        try {
            return o.requireString(name);
        } catch (JsonException e) {
            throw new CommandRefused(RejectionReason.BAD_CLAIM, e.getMessage());
        }
    }

    /** An integer in 64-bit range; as everywhere in the product, 30.0 counts as 30 and 30.5 does not. */
    private static long integer(JsonObject o, String name) throws CommandRefused {
        present(o, name);
        try {
            return o.requireLong(name);
        } catch (JsonException e) {
            throw new CommandRefused(RejectionReason.BAD_CLAIM, e.getMessage());
        }
    }

    /** Absent and null are both missing, as publishers differ in which of the two they send. */
    private static void present(JsonObject o, String name) throws CommandRefused {
        if (!o.has(name)) {
            throw new CommandRefused(RejectionReason.MISSING_CLAIM, "the claim " + name + " is missing");
        }
    }
}
