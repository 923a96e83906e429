package org.accessctl.app;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accessctl.command.CommandVerifier;
import org.accessctl.command.Rejection;
import org.accessctl.command.RejectionReason;
import org.accessctl.command.Verification;
import org.accessctl.command.VerifiedCommand;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.Door;
import org.accessctl.core.Event;
import org.accessctl.core.Input;
import org.accessctl.json.Json;
import org.accessctl.mqtt.PublishException;
import org.accessctl.mqtt.Publisher;
import org.accessctl.mqtt.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command token from the broker, on the door loop's thread: verified, then logged as
 * {@code command_accepted} (and acted on) or {@code command_rejected}. The answer on
 * {@code commands/results} is made from that event once it is committed ({@link #answer}): an
 * operator hears "accepted" only for a command the log already holds. It is sent once, without
 * waiting; an operator whose tool missed it finds the command in the event log.
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
        Optional<Rejection> early = screen(payload, retained, live);
        if (early.isPresent()) {
            return refused(early.get(), now);
        }
        Verification v = verifier.verify(payload, retained, live);
        if (v instanceof Rejection r) {
            return refused(r, now);
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

    /**
     * On any thread: the refusal of a token its bytes alone condemn (too large, retained, waited in
     * a session, not a token), or empty when the token needs the door's state to decide.
     */
    Optional<Rejection> screen(byte[] payload, boolean retained, boolean live) {
        return org.accessctl.mqtt.OversizeMessage.describe(payload)
                .map(size -> new Rejection(RejectionReason.TOKEN_TOO_LARGE, size, Optional.empty(), Optional.empty(), false))
                .or(() -> verifier.screen(payload, retained, live));
    }

    /**
     * On any thread: whether this refusal on arrival should reach the door loop to be logged
     * ({@link #refusedOnArrival}), or is only counted for the minute's summary (a flood past the
     * limit), which costs the loop nothing.
     */
    boolean worthLogging(Rejection early) {
        return refusals.admit(early.reason().wireName());
    }

    /** On any thread: a refusal {@link #worthLogging} admitted that will not reach the loop after all. */
    void dropped(Rejection early) {
        refusals.dropped(early.reason().wireName());
    }

    /** On the loop: a refusal on arrival that {@link #worthLogging} admitted. */
    List<Event> refusedOnArrival(Rejection early, Instant now) {
        return refusals.refuseAdmitted(early.reason().wireName(), now, () -> rejected(early, now));
    }

    private List<Event> refused(Rejection r, Instant now) {
        return refusals.refuse(r.reason().wireName(), now, () -> rejected(r, now));
    }

    private static Event rejected(Rejection r, Instant now) {
        log.warn("command refused: {} ({})", r.reason().wireName(), r.detail());
        return new Event.CommandRejected(now, r.jti().orElse(null), r.operatorId().orElse(null),
                r.reason().wireName(), r.detail());
    }

    /** Summary of the refusals left out of the log in the last minute, if any. */
    List<Event> refusalSummary(Instant now) {
        return refusals.summary(now);
    }

    /** Publishes the answers to the commands among {@code events}. */
    static void answer(List<CommittedEvent> events, Publisher link, Topics topics) {
        for (CommittedEvent e : events) {
            if (!e.type().equals("command_accepted") && !e.type().equals("command_rejected")) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) Json.parse(e.json());
            boolean accepted = e.type().equals("command_accepted");
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("jti", event.get("jti"));
            result.put("accepted", accepted);
            result.put("reason", accepted ? null : event.get("reason"));
            if (!accepted && event.get("detail") != null) {
                result.put("detail", event.get("detail"));
            }
            result.put("seq", e.seq());
            result.put("at", event.get("at"));
            try {
                link.publish(topics.commandResults(), Json.write(result), false);
            } catch (PublishException | RuntimeException ex) {
                log.warn("result of command {} not published: {}", event.get("jti"), ex.getMessage());
            }
        }
    }
}
