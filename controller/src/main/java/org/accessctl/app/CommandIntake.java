package org.accessctl.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.command.CommandVerifier;
import org.accessctl.command.Rejection;
import org.accessctl.command.RejectionReason;
import org.accessctl.command.Verification;
import org.accessctl.command.VerifiedCommand;
import org.accessctl.core.Door;
import org.accessctl.core.Event;
import org.accessctl.core.Input;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command token from the broker, on the door loop's thread: verified, then logged as
 * {@code command_accepted} (and acted on) or {@code command_rejected}. The result on
 * {@code commands/results} is published from these events once they are committed.
 */
final class CommandIntake {

    private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

    private final CommandVerifier verifier;
    private final Door door;
    private final RefusalLimiter refusals;

    CommandIntake(CommandVerifier verifier, Door door, org.accessctl.core.ElapsedTime elapsed) {
        this.refusals = new RefusalLimiter("command", elapsed);
        this.verifier = verifier;
        this.door = door;
    }

    /**
     * @param live false for a command that arrived before the door's subscription was
     *     acknowledged, i.e. one that waited for the door in a session: refused as stale
     */
    List<Event> apply(byte[] payload, boolean retained, boolean live, Instant now) {
        Verification v = org.accessctl.mqtt.OversizeMessage.describe(payload)
                .<Verification>map(size -> new Rejection(RejectionReason.TOKEN_TOO_LARGE, size, java.util.Optional.empty(),
                        java.util.Optional.empty(), false))
                .orElseGet(() -> verifier.verify(payload, retained, live));
        if (v instanceof Rejection r) {
            return refusals.refuse(r.reason().wireName(), now, () -> {
                log.warn("command refused: {} ({})", r.reason().wireName(), r.detail());
                return new Event.CommandRejected(now, r.jti().orElse(null), r.operatorId().orElse(null),
                        r.reason().wireName(), r.detail());
            });
        }
        VerifiedCommand c = (VerifiedCommand) v;
        log.info("command {} from {} accepted: {}", c.cmd().wireName(), c.operatorId(), c.reason());
        List<Event> events = new ArrayList<>();
        events.add(new Event.CommandAccepted(now, c.jti(), c.operatorId(),
                // Both operators of a break-glass override: neither could have done it alone.
                c.operatorIds().size() > 1 ? c.operatorIds() : null, c.cmd().wireName(), c.personId().orElse(null),
                c.reason(), c.seconds().isPresent() ? c.seconds().getAsInt() : null, c.expiresAt()));
        Input effect = switch (c.cmd()) {
            case UNLOCK -> new Input.RemoteUnlock(c.operatorId(), c.reason(), Duration.ofSeconds(c.seconds().orElse(5)));
            case LOCKDOWN -> new Input.Lockdown(true);
            case RELEASE -> new Input.Lockdown(false);
            case CLEAR -> new Input.ClearPresence(c.personId().orElseThrow());
            case OVERRIDE -> new Input.Override(c.operatorIds(), c.reason(),
                    Duration.ofSeconds(c.seconds().orElse(CommandVerifier.MAX_OVERRIDE_SECONDS)));
        };
        events.addAll(door.handle(effect));
        return events;
    }

    /** Summary of the refusals left out of the log in the last minute, if any. */
    List<Event> refusalSummary(Instant now) {
        return refusals.summary(now);
    }
}
