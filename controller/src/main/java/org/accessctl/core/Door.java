package org.accessctl.core;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The door: who is let in, the two-badge escort rule, who is inside, the strike, the contact,
 * and the alarms. A pure state machine: each {@link #handle(Input)} reads the time once from the
 * injected clock, updates the state and returns the events it caused; {@link #outputs()} says
 * what the pins should show. It does no I/O and is not thread-safe: one thread owns it.
 *
 * <p>The strike is released by a grant for {@code strikeTime}, or until the door has opened and
 * closed again, whichever comes first. A door that opens while the strike is locked was forced;
 * one that stays open longer than {@code heldOpenTime} after an authorised opening is held open.
 *
 * <p>A visitor badge never opens alone. Visitor and escort badges read at the entry reader in
 * either order within {@code escortWindow} admit both. While a visitor waits at the door, the
 * next staff badge is taken as their escort: one who may not escort them is refused, so the door
 * does not open with an unescorted visitor standing in front of it.
 */
public final class Door {

    private final DoorSettings settings;
    private final Directory directory;
    private final Clock clock;
    private ActiveAlarms alarms;
    private Occupancy occupancy;
    private boolean lockdown;
    private boolean diskFull;
    private final EscortPairing pairing = new EscortPairing();

    /** When the strike locks again; null while locked. */
    private Instant strikeReleasedUntil;
    /** The door opened while the strike was released: closing it ends the grant. */
    private boolean openedDuringGrant;
    private boolean doorOpen;
    /** When an authorised opening becomes {@code door_held_open}; null when not watching. */
    private Instant heldOpenAt;
    /** The red LED and buzzer signal a denial until then. */
    private Instant denialSignalUntil;

    public Door(DoorSettings settings, Directory directory, Clock clock, boolean doorOpenAtStart) {
        this(settings, directory, clock, doorOpenAtStart, DoorMemory.EMPTY);
    }

    /**
     * @param doorOpenAtStart the contact as read at start. An open door at start is treated as
     *     an authorised opening that began now: we cannot know how it was opened, so we neither
     *     cry "forced" nor stay silent if it is left open.
     * @param memory who was inside, the active alarms and the lockdown, as last committed
     */
    public Door(DoorSettings settings, Directory directory, Clock clock, boolean doorOpenAtStart, DoorMemory memory) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.doorOpen = doorOpenAtStart;
        restore(memory);
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
            if (read.side() == ReaderSide.ENTRY) {
                entry(read.uid(), now, out);
            } else {
                exit(read.uid(), now, out);
            }
        } else if (input instanceof Input.DoorContact contact) {
            contact(contact.open(), now, out);
        } else if (input instanceof Input.ExitButton) {
            occupancy.someoneLeftUnseen();
            grant(now, out, Event.of("access_granted", now).with("direction", "out").with("via", "rex"));
        } else if (input instanceof Input.RemoteUnlock u) {
            // An operator's unlock works during a lockdown too: it is the operator's decision.
            grant(now, out, Event.of("access_granted", now).with("direction", "in").with("via", "remote")
                    .with("operatorId", u.operatorId()).with("reason", u.reason()));
            strikeReleasedUntil = now.plus(u.time());
        } else if (input instanceof Input.Lockdown l) {
            lockdown = l.on();
        } else if (input instanceof Input.DiskFull d && d.full() != diskFull) {
            diskFull = d.full();
            out.add(Event.of(diskFull ? "disk_full" : "disk_ok", now).with("reason",
                    diskFull ? "the event log cannot be written; entry is refused until there is room"
                            : "the event log is written again").build());
        }
        watchVisitors(now, out);
        return out;
    }

    /** What the strike, LEDs and buzzer should show now. */
    public Outputs outputs() {
        Instant now = clock.instant();
        boolean released = strikeReleasedUntil != null && now.isBefore(strikeReleasedUntil);
        boolean denying = denialSignalUntil != null && now.isBefore(denialSignalUntil);
        boolean alarm = alarms.any();
        return new Outputs(released, released, denying || alarm || diskFull, denying || alarm);
    }

    /** The next moment something changes by itself, for the loop to wake up at. */
    public Optional<Instant> nextDeadline() {
        List<Instant> candidates = new ArrayList<>();
        candidates.add(strikeReleasedUntil);
        candidates.add(heldOpenAt);
        candidates.add(denialSignalUntil);
        pairing.nextDeadline().ifPresent(candidates::add);
        for (Occupant o : occupancy.visitors()) {
            if (!alarms.isActive(Alarm.VISIT_OVERSTAY, o.visitId())) {
                directory.visitById(o.visitId()).ifPresent(v -> candidates.add(v.validUntil()));
            }
        }
        return candidates.stream().filter(Objects::nonNull).min(Instant::compareTo);
    }

    /**
     * Drops any grant and pending pairing, and goes back to the last committed memory. The loop
     * calls this when it could not record what happened, so that nothing the log does not know
     * about holds the strike open or changes who is inside.
     */
    public void failSecure(DoorMemory lastCommitted) {
        strikeReleasedUntil = null;
        openedDuringGrant = false;
        pairing.clear();
        // What people did is undone; what the door itself did (its contact, its alarms) stays,
        // because it happened: the loop records those events with its next commit.
        List<Alarm> doorAlarms = alarms.list().stream().filter(a -> a.visitId() == null).toList();
        List<Alarm> kept = new ArrayList<>(doorAlarms);
        lastCommitted.alarms().stream().filter(a -> a.visitId() != null).forEach(kept::add);
        restore(new DoorMemory(lastCommitted.occupants(), kept, lastCommitted.lockdown()));
    }

    /** Of events that could not be recorded, those about the door itself, which stand after a fault. */
    public List<Event> physicalEvents(List<Event> events) {
        return events.stream().filter(e -> switch (e.type()) {
            case "door_opened", "door_closed" -> true;
            case "alarm_raised", "alarm_cleared" -> !e.fields().containsKey("visitId");
            default -> false;
        }).toList();
    }

    public DoorMemory memory() {
        return new DoorMemory(occupancy.all(), alarms.list(), lockdown);
    }

    public DoorStatus status() {
        return new DoorStatus(strikeReleasedUntil == null, doorOpen, alarms.list(), lockdown, occupancy.all());
    }

    private void restore(DoorMemory memory) {
        this.alarms = new ActiveAlarms(memory.alarms());
        this.occupancy = new Occupancy(memory.occupants());
        this.lockdown = memory.lockdown();
    }

    // ---- entry ----------------------------------------------------------------------------

    private void entry(String uid, Instant now, List<Event> out) {
        if (diskFull) {
            deny(uid, DenialReason.DISK_FULL, now, out, null);
            return;
        }
        Optional<Person> person = directory.personByBadge(uid);
        if (person.isPresent()) {
            staffEntry(person.get(), uid, now, out);
            return;
        }
        List<Visit> visits = directory.visitsByBadge(uid);
        if (visits.isEmpty()) {
            deny(uid, DenialReason.UNKNOWN_BADGE, now, out, null);
        } else {
            visitorEntry(uid, visits, now, out);
        }
    }

    private void staffEntry(Person p, String uid, Instant now, List<Event> out) {
        if (lockdown) {
            deny(uid, DenialReason.LOCKDOWN, now, out, p.personId());
        } else if (!p.active()) {
            deny(uid, DenialReason.INACTIVE, now, out, p.personId());
        } else if (!p.mayUse(settings.doorId())) {
            deny(uid, DenialReason.WRONG_DOOR, now, out, p.personId());
        } else if (!pairing.visitors().isEmpty()) {
            escortArrives(p, uid, now, out);
        } else if (p.hasRole(Person.ROLE_ACCESS)) {
            admitStaff(p, now, out);
            if (p.hasRole(Person.ROLE_ESCORT)) {
                pairing.escortWaits(new EscortPairing.PendingEscort(p.personId(), uid, windowEnd(now), true));
            }
        } else if (p.hasRole(Person.ROLE_ESCORT)) {
            // May bring visitors in, but not come in alone: wait for a visitor.
            Instant until = windowEnd(now);
            pairing.escortWaits(new EscortPairing.PendingEscort(p.personId(), uid, until, false));
            out.add(Event.of("escort_pending", now).with("personId", p.personId()).with("until", until).build());
        } else {
            deny(uid, DenialReason.ESCORT_REQUIRED, now, out, p.personId());
        }
    }

    /** Staff badge while visitors wait: it is their escort, for those this person may escort. */
    private void escortArrives(Person escort, String uid, Instant now, List<Event> out) {
        List<Visit> escortable = new ArrayList<>();
        for (EscortPairing.PendingVisitor waiting : pairing.visitors()) {
            directory.visitById(waiting.visitId())
                    .filter(v -> v.admitsAt(now) && v.mayBeEscortedBy(escort, settings.doorId()))
                    .ifPresent(escortable::add);
        }
        if (escortable.isEmpty()) {
            deny(uid, DenialReason.ESCORT_NOT_ALLOWED, now, out, escort.personId());
            return;
        }
        for (Visit v : escortable) {
            pairing.visitorPaired(v.visitId());
            admitVisitor(v, escort.personId(), now, out);
        }
        admitStaff(escort, now, out);
        pairing.escortWaits(new EscortPairing.PendingEscort(escort.personId(), uid, windowEnd(now), true));
    }

    private void visitorEntry(String uid, List<Visit> visits, Instant now, List<Event> out) {
        if (lockdown) {
            deny(uid, DenialReason.LOCKDOWN, now, out, null);
            return;
        }
        if (now.isBefore(settings.clockFloor())) {
            deny(uid, DenialReason.CLOCK_NOT_SET, now, out, null);
            return;
        }
        Optional<Visit> current = VisitChoice.current(visits, now);
        if (current.isEmpty()) {
            deny(uid, VisitChoice.whyNot(visits, now), now, out, null);
            return;
        }
        Visit visit = current.get();
        if (!visit.isForDoor(settings.doorId())) {
            denyVisitor(uid, DenialReason.WRONG_DOOR, visit, now, out);
        } else if (occupancy.visitor(visit.visitId()).isPresent()) {
            denyVisitor(uid, DenialReason.ALREADY_INSIDE, visit, now, out);
        } else if (pairing.escort().isPresent()) {
            visitorMeetsEscort(uid, visit, pairing.escort().get(), now, out);
        } else {
            Instant until = pairing.visitor(visit.visitId()).map(EscortPairing.PendingVisitor::until)
                    .orElse(windowEnd(now));
            pairing.visitorWaits(new EscortPairing.PendingVisitor(visit.visitId(), uid, until));
            out.add(Event.of("escort_pending", now).with("visitId", visit.visitId()).with("until", until).build());
        }
    }

    private void visitorMeetsEscort(String uid, Visit visit, EscortPairing.PendingEscort pending, Instant now,
                                    List<Event> out) {
        Optional<Person> escort = directory.personById(pending.personId());
        if (escort.isEmpty() || !visit.mayBeEscortedBy(escort.get(), settings.doorId())) {
            denyVisitor(uid, DenialReason.ESCORT_NOT_ALLOWED, visit, now, out);
            return;
        }
        admitVisitor(visit, pending.personId(), now, out);
        if (!pending.admitted()) {
            admitStaff(escort.get(), now, out);
            pairing.escortAdmitted();
        }
    }

    private void admitStaff(Person p, Instant now, List<Event> out) {
        grant(now, out, Event.of("access_granted", now).with("direction", "in").with("via", "badge")
                .with("personId", p.personId()));
        occupancy.personEntered(p.personId(), now);
        // An escort of a visitor who was left alone comes back: the visitor is accompanied again.
        for (Occupant o : occupancy.visitors()) {
            if (alarms.isActive(Alarm.VISITOR_UNESCORTED, o.visitId())
                    && directory.visitById(o.visitId()).map(v -> v.mayBeEscortedBy(p, settings.doorId())).orElse(false)) {
                occupancy.update(o.key(), x -> x.withEscort(p.personId()));
                alarms.clear(Alarm.VISITOR_UNESCORTED, o.visitId(), now, out);
            }
        }
    }

    private void admitVisitor(Visit v, String escortId, Instant now, List<Event> out) {
        grant(now, out, Event.of("access_granted", now).with("direction", "in").with("via", "badge")
                .with("visitId", v.visitId()).with("escortId", escortId));
        occupancy.visitorEntered(v.visitId(), escortId, now);
    }

    // ---- exit -----------------------------------------------------------------------------

    /** Leaving is never refused (life safety); who left is recorded where the badge says. */
    private void exit(String uid, Instant now, List<Event> out) {
        Optional<Person> person = directory.personByBadge(uid);
        if (person.isPresent()) {
            String id = person.get().personId();
            grant(now, out, Event.of("access_granted", now).with("direction", "out").with("via", "badge")
                    .with("personId", id));
            occupancy.remove("person:" + id);
            return;
        }
        List<Visit> visits = directory.visitsByBadge(uid);
        Optional<Visit> inside = visits.stream().filter(v -> occupancy.visitor(v.visitId()).isPresent()).findFirst();
        Optional<Visit> leaving = inside.or(() -> VisitChoice.current(visits, now));
        if (leaving.isEmpty()) {
            grant(now, out, Event.of("access_granted", now).with("direction", "out").with("via", "badge")
                    .with("badgeUid", uid));
            return;
        }
        Visit v = leaving.get();
        grant(now, out, Event.of("access_granted", now).with("direction", "out").with("via", "badge")
                .with("visitId", v.visitId()));
        Optional<Occupant> was = occupancy.remove("visit:" + v.visitId());
        alarms.clearVisit(v.visitId(), now, out);
        out.add(visitCompleted(v, was.orElse(null), now));
    }

    private Event visitCompleted(Visit v, Occupant was, Instant now) {
        // Everything SOP step 8's report needs, so it can be built from the event log alone.
        return Event.of("visit_completed", now)
                .with("visitId", v.visitId())
                .with("visitorName", v.visitorName())
                .with("organization", v.organization())
                .with("purpose", v.purpose())
                .with("approvedBy", v.approvedBy())
                .with("enteredAt", was == null ? null : was.since())
                .with("exitedAt", now)
                .with("escortIds", was == null ? List.of() : was.escortIds())
                .with("alarms", was == null ? List.of() : was.alarms())
                .with("devices", v.devices())
                .build();
    }

    // ---- the room -------------------------------------------------------------------------

    /**
     * "Always accompanied": a visitor inside with none of their escorts inside is unescorted; a
     * visitor inside after their visit ended, or whose visit was withdrawn, overstays.
     */
    private void watchVisitors(Instant now, List<Event> out) {
        for (Occupant o : occupancy.visitors()) {
            Optional<Visit> visit = directory.visitById(o.visitId());
            boolean over = visit.isEmpty() || visit.get().status() != Visit.Status.APPROVED
                    || !now.isBefore(visit.get().validUntil());
            if (over && alarms.raise(Alarm.VISIT_OVERSTAY, o.visitId(), now, out)) {
                occupancy.update(o.key(), x -> x.withAlarm(Alarm.VISIT_OVERSTAY));
            }
            boolean accompanied = occupancy.persons().stream().anyMatch(p -> o.escortIds().contains(p.personId())
                    || (visit.isPresent() && directory.personById(p.personId())
                            .map(person -> visit.get().mayBeEscortedBy(person, settings.doorId())).orElse(false)));
            if (!accompanied && alarms.raise(Alarm.VISITOR_UNESCORTED, o.visitId(), now, out)) {
                occupancy.update(o.key(), x -> x.withAlarm(Alarm.VISITOR_UNESCORTED));
            }
        }
    }

    // ---- strike and contact ---------------------------------------------------------------

    private void deny(String uid, DenialReason reason, Instant now, List<Event> out, String personId) {
        denialSignalUntil = now.plus(settings.denialSignal());
        out.add(Event.of("access_denied", now).with("direction", "in").with("badgeUid", uid)
                .with("reason", reason.code()).with("personId", personId).build());
    }

    private void denyVisitor(String uid, DenialReason reason, Visit v, Instant now, List<Event> out) {
        denialSignalUntil = now.plus(settings.denialSignal());
        out.add(Event.of("access_denied", now).with("direction", "in").with("badgeUid", uid)
                .with("reason", reason.code()).with("visitId", v.visitId()).build());
    }

    private void grant(Instant now, List<Event> out, Event.Builder event) {
        strikeReleasedUntil = now.plus(settings.strikeTime());
        openedDuringGrant = false;
        // A grant ends a denial signal at once: the person in front of the door sees green.
        denialSignalUntil = null;
        out.add(event.build());
    }

    private Instant windowEnd(Instant now) {
        return now.plus(settings.escortWindow());
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
        for (EscortPairing.PendingVisitor v : pairing.expiredVisitors(now)) {
            denialSignalUntil = now.plus(settings.denialSignal());
            out.add(Event.of("access_denied", now).with("direction", "in").with("badgeUid", v.badgeUid())
                    .with("reason", DenialReason.ESCORT_REQUIRED.code()).with("visitId", v.visitId()).build());
        }
        pairing.expiredEscort(now).filter(e -> !e.admitted()).ifPresent(e -> {
            denialSignalUntil = now.plus(settings.denialSignal());
            out.add(Event.of("access_denied", now).with("direction", "in").with("badgeUid", e.badgeUid())
                    .with("reason", DenialReason.ESCORT_REQUIRED.code()).with("personId", e.personId()).build());
        });
    }
}
