package org.accessctl.command;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * A command that passed every check: signed by an active operator of this door, for this door,
 * fresh, and never seen before. The door carries it out, and in the same transaction as its
 * {@code command_accepted} event remembers {@link #jti()} until {@link #expiresAt()}, so that it
 * cannot be replayed (see {@link ReplayGuard}).
 *
 * @param operatorId the signer's personId (the token's {@code kid})
 * @param seconds how long {@code unlock} releases the strike (1..60); present for every unlock;
 *     for {@code lockdown} and {@code release} present only when the token carried it, and meaningless
 * @param expiresAt the token's {@code exp}
 */
public record VerifiedCommand(String operatorId, CommandType cmd, String jti, String reason, OptionalInt seconds,
                              Instant expiresAt) implements Verification {

    @Override
    public boolean accepted() {
        return true;
    }
}
