package org.accessctl.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The door: who is let in, the strike, the contact, and the door alarms. A pure state machine:
 * each {@link #handle(Input)} reads the time once from the injected clock, updates the state
 * and returns the events it caused; {@link #outputs()} says what the pins should show. It does
 * no I/O and is not thread-safe: one thread (the door loop) owns it.
 *
 * <p>The strike is released by a grant for {@code strikeTime}, or until the door has opened
 * and closed again, whichever comes first. A door that opens while the strike is locked was
 * forced; a door that stays open longer than {@code heldOpenTime} after an authorised opening
 * is held open. Both alarms end when the door closes.
 */
public final class Door {

    private final DoorSettings settings;
    private final Directory directory;
    private final Clock clock;
    private final AccessPolicy policy;
    private final ActiveAlarms alarms = new ActiveAlarms();

    /** When the strike locks again; null while locked. */
    private Instant strikeReleasedUntil;
    /** The door opened while the strike was released: closing it ends the grant. */
    private boolean openedDuringGrant;
    private boolean doorOpen;
    /** When an authorised opening becomes {@code door_held_open}; null when not watching. */
    private Instant heldOpenAt;
    /** The red LED and buzzer signal a denial until then. */
    private Instant denialSignalUntil;

    /**
     * @param doorOpenAtStart the contact as read at start. An open door at start is treated as
     *     an authorised opening that began now: we cannot know how it was opened, so we neither
     *     cry "forced" nor stay silent if it is left open.
     */
    public Door(DoorSettings settings, Directory directory, Clock clock, boolean doorOpenAtStart) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = new AccessPolicy(settings.doorId());
        this.doorOpen = doorOpenAtStart;
        if (doorOpenAtStart) {
            heldOpenAt = clock.instant().plus(settings.heldOpenTime());
        }
    }

    /** Handles one input and returns the events it caused, in the order they happened. */
    public List<Event> handle(Input input) {
        Instant now = clock.instant();
        List<Event> out = new ArrayList<>();
        expire(now, out);
        if (input instanceof Input.BadgeRead read) {
            badge(read, now, out);
        } else if (input instanceof Input.DoorContact contact) {
            contact(contact.open(), now, out);
        } else if (input instanceof Input.ExitButton) {
            grant(now, out, Event.of("access_granted", now)
                    .with("direction", ReaderSide.EXIT.direction()).with("via", "rex"));
        }
        // Input.Tick: expiring deadlines is all it does.
        return out;
    }

    /** What the strike, LEDs and buzzer should show now. */
    public Outputs outputs() {
        Instant now = clock.instant();
        boolean released = strikeReleasedUntil != null && now.isBefore(strikeReleasedUntil);
        boolean denying = denialSignalUntil != null && now.isBefore(denialSignalUntil);
        boolean alarm = alarms.any();
        return new Outputs(released, released, denying || alarm, denying || alarm);
    }

    /** The next moment something changes by itself, for the loop to wake up at. */
    public Optional<Instant> nextDeadline() {
        Instant next = null;
        for (Instant t : new Instant[] {strikeReleasedUntil, heldOpenAt, denialSignalUntil}) {
            if (t != null && (next == null || t.isBefore(next))) {
                next = t;
            }
        }
        return Optional.ofNullable(next);
    }

    /**
     * Drops any grant at once. The loop calls this when it could not record what happened, so
     * that no grant the log does not know about can hold the strike open.
     */
    public void failSecure() {
        strikeReleasedUntil = null;
        openedDuringGrant = false;
    }

    public DoorStatus status() {
        return new DoorStatus(strikeReleasedUntil == null, doorOpen, alarms.list());
    }

    private void badge(Input.BadgeRead read, Instant now, List<Event> out) {
        Optional<Person> holder = directory.personByBadge(read.uid());
        if (read.side() == ReaderSide.EXIT) {
            // Leaving is never refused (life safety); an unknown badge is logged by its number.
            grant(now, out, Event.of("access_granted", now)
                    .with("direction", ReaderSide.EXIT.direction()).with("via", "badge")
                    .with("personId", holder.map(Person::personId).orElse(null))
                    .with("badgeUid", holder.isEmpty() ? read.uid() : null));
            return;
        }
        AccessDecision decision = policy.decideEntry(holder);
        if (decision instanceof AccessDecision.Granted granted) {
            grant(now, out, Event.of("access_granted", now)
                    .with("direction", ReaderSide.ENTRY.direction()).with("via", "badge")
                    .with("personId", granted.person().personId()));
        } else if (decision instanceof AccessDecision.Denied denied) {
            deny(read, denied.reason(), now, out);
        }
    }

    private void deny(Input.BadgeRead read, DenialReason reason, Instant now, List<Event> out) {
        denialSignalUntil = now.plus(settings.denialSignal());
        out.add(Event.of("access_denied", now).with("direction", read.side().direction())
                .with("badgeUid", read.uid()).with("reason", reason.code()).build());
    }

    private void grant(Instant now, List<Event> out, Event.Builder event) {
        strikeReleasedUntil = now.plus(settings.strikeTime());
        openedDuringGrant = false;
        // A grant ends a denial signal at once: the person in front of the door sees green.
        denialSignalUntil = null;
        out.add(event.build());
    }

    private void contact(boolean open, Instant now, List<Event> out) {
        if (open == doorOpen) {
            return; // a repeated level is no change
        }
        doorOpen = open;
        if (open) {
            out.add(Event.of("door_opened", now).build());
            if (strikeReleasedUntil != null) {
                openedDuringGrant = true;
                heldOpenAt = now.plus(settings.heldOpenTime());
            } else {
                alarms.raise(Alarm.DOOR_FORCED_OPEN, null, now, out);
            }
        } else {
            out.add(Event.of("door_closed", now).build());
            heldOpenAt = null;
            alarms.clear(Alarm.DOOR_HELD_OPEN, null, now, out);
            alarms.clear(Alarm.DOOR_FORCED_OPEN, null, now, out);
            if (openedDuringGrant) {
                strikeReleasedUntil = null; // the person went through; relock behind them
                openedDuringGrant = false;
            }
        }
    }

    private void expire(Instant now, List<Event> out) {
        if (strikeReleasedUntil != null && !now.isBefore(strikeReleasedUntil)) {
            strikeReleasedUntil = null;
            openedDuringGrant = false;
        }
        if (heldOpenAt != null && !now.isBefore(heldOpenAt)) {
            heldOpenAt = null;
            alarms.raise(Alarm.DOOR_HELD_OPEN, null, now, out);
        }
        if (denialSignalUntil != null && !now.isBefore(denialSignalUntil)) {
            denialSignalUntil = null;
        }
    }
}
