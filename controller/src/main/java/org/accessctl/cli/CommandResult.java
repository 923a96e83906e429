package org.accessctl.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;

/**
 * A door's answer on {@code commands/results}: {@code {"jti": .., "accepted": true/false,
 * "reason": .., "detail": .., "at": ..}}; {@code at} is the door's clock when it decided.
 *
 * @param json the payload as received, which the tool prints for the operator
 */
record CommandResult(String jti, boolean accepted, Optional<String> reason, Optional<String> detail,
                     Optional<Instant> at, String json) {

    /** The result, or empty for a payload that is not one (anyone may publish on the topic). */
    static Optional<CommandResult> parse(byte[] payload) {
        try {
            JsonObject o = JsonObject.parseBytes(payload);
            return Optional.of(new CommandResult(o.requireString("jti"), o.requireBoolean("accepted"),
                    o.optionalString("reason"), o.optionalString("detail"),
                    o.optionalString("at").map(at -> OffsetDateTime.parse(at).toInstant()),
                    new String(payload, StandardCharsets.UTF_8)));
        } catch (JsonException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
