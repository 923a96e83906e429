package org.accessctl.cli;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.accessctl.command.CommandClaims;
import org.accessctl.command.CommandSigner;
import org.accessctl.command.CommandType;
import org.accessctl.command.CommandVerifier;

/**
 * What an operator asks for on the command line, checked against the same rules the door
 * applies, so a mistake is reported at once (exit 2) instead of as a refused command later.
 *
 * @param personId for {@code clear}: whose presence the door is to forget
 */
record CommandRequest(CommandType cmd, String kid, String door, String reason, OptionalInt seconds,
                      Optional<String> personId) {

    private static final Pattern PRINTABLE_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern DOOR_ID = Pattern.compile("[a-z0-9-]+");
    /** How long a break-glass override releases the strike unless the operators ask otherwise: all it may. */
    static final int DEFAULT_OVERRIDE_SECONDS = CommandVerifier.MAX_OVERRIDE_SECONDS;

    /**
     * Reads {@code --kid}, {@code --reason}, {@code --seconds} and {@code --person}; the door
     * comes from the caller.
     */
    static CommandRequest from(Options options, CommandType cmd, String door) throws UsageException {
        String kid = options.require("kid");
        if (!PRINTABLE_ID.matcher(kid).matches()) {
            throw new UsageException("--kid must be the operator's personId: 1 to 128 printable characters without spaces");
        }
        if (!DOOR_ID.matcher(door).matches()) {
            throw new UsageException("door id " + door + " is not [a-z0-9-]+");
        }
        String reason = options.require("reason");
        if (reason.codePointCount(0, reason.length()) > CommandClaims.MAX_REASON_LENGTH) {
            throw new UsageException("--reason is longer than " + CommandClaims.MAX_REASON_LENGTH + " characters");
        }
        OptionalInt seconds;
        if (cmd == CommandType.UNLOCK) {
            seconds = OptionalInt.of(options.integer("seconds", CommandSigner.DEFAULT_UNLOCK_SECONDS,
                    CommandVerifier.MIN_SECONDS, CommandVerifier.MAX_SECONDS));
        } else if (cmd == CommandType.OVERRIDE) {
            seconds = OptionalInt.of(options.integer("seconds", DEFAULT_OVERRIDE_SECONDS,
                    CommandVerifier.MIN_SECONDS, CommandVerifier.MAX_OVERRIDE_SECONDS));
        } else if (options.optional("seconds").isPresent()) {
            throw new UsageException("--seconds applies to unlock and override only");
        } else {
            seconds = OptionalInt.empty();
        }
        Optional<String> personId = Optional.empty();
        if (cmd == CommandType.CLEAR) {
            String id = options.require("person");
            if (!PRINTABLE_ID.matcher(id).matches()) {
                throw new UsageException("--person must be a personId: 1 to 128 printable characters without spaces");
            }
            personId = Optional.of(id);
        } else if (options.optional("person").isPresent()) {
            throw new UsageException("--person applies to clear only");
        }
        return new CommandRequest(cmd, kid, door, reason, seconds, personId);
    }
}
