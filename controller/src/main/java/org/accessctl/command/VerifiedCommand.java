package org.accessctl.command;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A command that passed every check: signed by an active operator of this door (two different
 * ones for an override), for this door, fresh, and never seen before. The door carries it out,
 * and in the same transaction as its {@code command_accepted} event remembers {@link #jti()}
 * until {@link #expiresAt()}, so that it cannot be replayed (see {@link ReplayGuard}).
 *
 * @param operatorId the signer's personId (the token's {@code kid}); for an override the first signer
 * @param seconds how long {@code unlock} or {@code override} releases the strike; present for
 *     every unlock and override; for the other commands present only when the token carried it,
 *     and meaningless
 * @param expiresAt the token's {@code exp}
 * @param operatorIds every signer, in the order of their signatures: one, or two for an override
 * @param personId for {@code clear}, whose presence is cleared
 */
public record VerifiedCommand(String operatorId, CommandType cmd, String jti, String reason, OptionalInt seconds,
                              Instant expiresAt, List<String> operatorIds, Optional<String> personId)
        implements Verification {

    public VerifiedCommand {
        operatorIds = List.copyOf(operatorIds);
    }

    /** A command one operator signed. */
    public VerifiedCommand(String operatorId, CommandType cmd, String jti, String reason, OptionalInt seconds,
                           Instant expiresAt) {
        this(operatorId, cmd, jti, reason, seconds, expiresAt, List.of(operatorId), Optional.empty());
    }

    @Override
    public boolean accepted() {
        return true;
    }
}
