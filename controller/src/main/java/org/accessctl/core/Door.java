package org.accessctl.core;

import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Two sources of time: every duration (strike, held-open, denial signal, escort window,
 * contact debounce) runs on {@link ElapsedTime}, which nobody can step; the wall {@link Clock}
 * only dates events and decides about dates (visit windows, {@code clock_not_set}). A clock
 * stepped back an hour in the middle of a grant does not hold the strike released.
 *
 * <p>A door-contact change counts once it has stayed for {@code contactDebounce}: a bouncing
 * reed switch neither ends a grant early nor raises a false {@code door_forced_open}.
 *
 * <p>Entry rules a site may add: the two-person rule (an empty room opens only for two persons
 * badging within {@code escortWindow}; one person left inside is {@code lone_occupant}) and hard
 * anti-passback (a staff badge whose holder is inside is refused at the entry reader). Whoever a
 * badge read admits is collected as an {@link Admission} first and granted at the end of the
 * read, so that the two-person rule can hold a party back as a whole. Two operators together may
 * hold the strike released for minutes (break-glass), also during a lockdown.
 */
public final class Door {

    private final DoorSettings settings;
    private final Directory directory;
    private final Clock clock;
    private final ElapsedTime elapsed;
    /** The elapsed-time reading of the input being handled (read once per input). */
    private long t;
    private ActiveAlarms alarms;
    private Occupancy occupancy;
    private boolean lockdown;
    private boolean diskFull;
    private final EscortPairing pairing = new EscortPairing();
    private final SecondPersonWait secondPerson = new SecondPersonWait();
    /** Who the badge read being handled admits; granted (or held back) once the read is decided. */
    private final List<Admission> admitting = new ArrayList<>();

    /** When the strike locks again (elapsed time); null while locked. */
    private Long strikeReleasedUntil;
    /** The door opened while the strike was released: closing it ends the grant. */
    private boolean openedDuringGrant;
    /** A break-glass override holds the strike released: closing the door does not end it. */
    private boolean strikeHeld;
    private boolean doorOpen;
    /** When an authorised opening becomes {@code door_held_open} (elapsed time); null when not watching. */
    private Long heldOpenAt;
    /** The red LED and buzzer signal a denial until then (elapsed time). */
    private Long denialSignalUntil;
    /** Since when the contact has read the other way than {@link #doorOpen}; null when it agrees. */
    private Long contactChangedAt;

    public Door(DoorSettings settings, Directory directory, Clock clock, ElapsedTime elapsed, boolean doorOpenAtStart) {
        this(settings, directory, clock, elapsed, doorOpenAtStart, DoorMemory.EMPTY);
    }

    /**
     * @param doorOpenAtStart the contact as read at start. An open door at start is treated as
     *     an authorised opening that began now: we cannot know how it was opened, so we neither
     *     cry "forced" nor stay silent if it is left open.
     * @param memory who was inside, the active alarms and the lockdown, as last committed
     */
    public Door(DoorSettings settings, Directory directory, Clock clock, ElapsedTime elapsed, boolean doorOpenAtStart,
                DoorMemory memory) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        this.doorOpen = doorOpenAtStart;
        restore(memory);
        if (doorOpenAtStart) {
            t = elapsed.nanos();
            heldOpenAt = after(settings.heldOpenTime());
        }
    }

    /** Handles one input and returns the events it caused, in the order they happened. */
    public List<Event> handle(Input input) {
        Instant now = clock.instant();
        t = elapsed.nanos();
        List<Event> out = new ArrayList<>();
        expire(now, out);
        if (input instanceof Input.BadgeRead read) {
            if (read.side() == ReaderSide.ENTRY) {
                entry(read.uid(), now, out);
                settleAdmissions(now, out);
            } else {
                exit(read.uid(), now, out);
            }
        } else if (input instanceof Input.DoorContact contact) {
            contactRead(contact.open(), now, out);
        } else if (input instanceof Input.ExitButton) {
            occupancy.someoneLeftUnseen();
            grant(now, out, Event.AccessGranted.exitButton(now));
        } else if (input instanceof Input.RemoteUnlock u) {
            // An operator's unlock works during a lockdown too: it is the operator's decision.
            grant(now, out, Event.AccessGranted.remote(now, u.operatorId(), u.reason()));
            releaseFor(u.time());
        } else if (input instanceof Input.Override o) {
            // Break-glass: two operators decided together. It opens during a lockdown too, and the
            // strike stays released when the door closes (people carry things in and out).
            grant(now, out, Event.AccessGranted.override(now, o.operatorIds(), o.reason(), o.time().toSeconds()));
            holdReleasedFor(o.time());
            for (Occupant v : occupancy.visitors()) {
                occupancy.update(v.key(), x -> x.withAlarm(Alarm.OVERRIDE));
            }
        } else if (input instanceof Input.ClearPresence c) {
            // The operator has seen to it that this person is not inside; the rules of the room
            // (lone occupant, unescorted visitors) are looked at again below.
            occupancy.remove("person:" + c.personId());
        } else if (input instanceof Input.Lockdown l) {
            lockdown = l.on();
        } else if (input instanceof Input.DiskFull d && d.full() != diskFull) {
            diskFull = d.full();
            out.add(diskFull ? new Event.DiskFull(now, "the event log cannot be written; entry is refused until there is room")
                    : new Event.DiskOk(now, "the event log is written again", null, null));
        }
        watchVisitors(now, out);
        watchLoneOccupant(now, out);
        return out;
    }

    /** What the strike, LEDs and buzzer should show now. */
    public Outputs outputs() {
        long now = elapsed.nanos();
        boolean released = strikeReleasedUntil != null && now - strikeReleasedUntil < 0;
        boolean denying = denialSignalUntil != null && now - denialSignalUntil < 0;
        boolean alarm = alarms.any();
        return new Outputs(released, released, denying || alarm || diskFull, denying || alarm);
    }

    /**
     * How long until something changes by itself, for the loop to sleep that long (zero when
     * something is due). Durations count in elapsed time; a visit's end is a date, so a stepped
     * clock moves it, and the loop wakes often enough to notice.
     */
    public Optional<Duration> untilNextDeadline() {
        long now = elapsed.nanos();
        List<Duration> candidates = new ArrayList<>();
        List<Long> due = new ArrayList<>();
        due.add(strikeReleasedUntil);
        due.add(heldOpenAt);
        due.add(denialSignalUntil);
        due.add(contactChangedAt == null ? null : contactChangedAt + settings.contactDebounce().toNanos());
        pairing.nextDeadline().ifPresent(due::add);
        secondPerson.nextDeadline().ifPresent(due::add);
        for (Long at : due) {
            if (at != null) {
                candidates.add(Duration.ofNanos(Math.max(0, at - now)));
            }
        }
        Instant wall = clock.instant();
        for (Occupant o : occupancy.visitors()) {
            if (!alarms.isActive(Alarm.VISIT_OVERSTAY, o.visitId())) {
                directory.visitById(o.visitId()).ifPresent(v -> {
                    Duration d = Duration.between(wall, v.validUntil());
                    candidates.add(d.isNegative() ? Duration.ZERO : d);
                });
            }
        }
        return candidates.stream().min(Duration::compareTo);
    }

    /**
     * Locks the strike now, ending any grant: the program is stopping, and what it says last
     * about the door must be what the pins show after it has gone.
     */
    public void lockForStop() {
        strikeReleasedUntil = null;
        openedDuringGrant = false;
        strikeHeld = false;
    }

    /**
     * Drops any grant and pending pairing, and goes back to the last committed memory. The loop
     * calls this when it could not commit what happened, so that nothing the log does not know
     * about holds the strike open or changes who is inside.
     */
    public void failSecure(DoorMemory lastCommitted) {
        strikeReleasedUntil = null;
        openedDuringGrant = false;
        strikeHeld = false;
        pairing.clear();
        secondPerson.clear();
        admitting.clear();
        // What people did is undone; what the door itself did (its contact, its alarms) stays,
        // because it happened: the loop logs those events with its next commit.
        List<Alarm> doorAlarms = alarms.list().stream().filter(a -> Alarm.isAboutTheDoor(a.kind())).toList();
        List<Alarm> kept = new ArrayList<>(doorAlarms);
        lastCommitted.alarms().stream().filter(a -> !Alarm.isAboutTheDoor(a.kind())).forEach(kept::add);
        restore(new DoorMemory(lastCommitted.occupants(), kept, lastCommitted.lockdown()));
    }

    /** Of events that could not be committed, those about the door itself, which stand after a fault. */
    public List<Event> physicalEvents(List<Event> events) {
        return events.stream().filter(e -> e instanceof Event.DoorOpened || e instanceof Event.DoorClosed
                || e instanceof Event.AlarmRaised r && Alarm.isAboutTheDoor(r.alarm())
                || e instanceof Event.AlarmCleared c && Alarm.isAboutTheDoor(c.alarm())).toList();
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
        } else if (p.schedule() != null && now.isBefore(settings.clockFloor())) {
            // A schedule is read on the wall clock: before it is set, nobody can say it is open.
            deny(uid, DenialReason.CLOCK_NOT_SET, now, out, p.personId());
        } else if (p.schedule() != null && !directory.scheduleById(p.schedule()).map(s -> s.allows(now)).orElse(false)) {
            deny(uid, DenialReason.OUTSIDE_SCHEDULE, now, out, p.personId());
        } else if (settings.antiPassback() == AntiPassback.HARD && occupancy.personInside(p.personId())) {
            // The holder is inside by the door's account, so this badge is someone else's hand.
            deny(uid, DenialReason.ALREADY_INSIDE, now, out, p.personId());
        } else if (!pairing.visitors().isEmpty()) {
            escortArrives(p, uid, now, out);
        } else if (p.hasRole(Person.ROLE_ACCESS)) {
            admitStaff(p, uid);
            if (p.hasRole(Person.ROLE_ESCORT)) {
                pairing.escortWaits(new EscortPairing.PendingEscort(p.personId(), uid, windowEnd(now), windowDue(), true));
            }
        } else if (p.hasRole(Person.ROLE_ESCORT)) {
            // May bring visitors in, but not come in alone: wait for a visitor.
            Instant until = windowEnd(now);
            pairing.escortWaits(new EscortPairing.PendingEscort(p.personId(), uid, until, windowDue(), false));
            out.add(new Event.EscortPending(now, p.personId(), null, until));
        } else {
            deny(uid, DenialReason.ESCORT_REQUIRED, now, out, p.personId());
        }
    }

    /** Staff badge while visitors wait: it is their escort, for those this person may escort. */
    private void escortArrives(Person escort, String uid, Instant now, List<Event> out) {
        List<Admission> escortable = new ArrayList<>();
        for (EscortPairing.PendingVisitor waiting : pairing.visitors()) {
            directory.visitById(waiting.visitId())
                    .filter(v -> v.admitsAt(now) && v.mayBeEscortedBy(escort, settings.doorId()))
                    .ifPresent(v -> escortable.add(Admission.visitor(v, escort.personId(), waiting.badgeUid())));
        }
        if (escortable.isEmpty()) {
            deny(uid, DenialReason.ESCORT_NOT_ALLOWED, now, out, escort.personId());
            return;
        }
        for (Admission v : escortable) {
            pairing.visitorPaired(v.visit().visitId());
            admitting.add(v);
        }
        admitStaff(escort, uid);
        pairing.escortWaits(new EscortPairing.PendingEscort(escort.personId(), uid, windowEnd(now), windowDue(), true));
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
            // A second tap does not extend the window: it still ends where the first tap put it.
            EscortPairing.PendingVisitor first = pairing.visitor(visit.visitId())
                    .orElse(new EscortPairing.PendingVisitor(visit.visitId(), uid, windowEnd(now), windowDue()));
            pairing.visitorWaits(new EscortPairing.PendingVisitor(visit.visitId(), uid, first.until(), first.due()));
            out.add(new Event.EscortPending(now, null, visit.visitId(), first.until()));
        }
    }

    private void visitorMeetsEscort(String uid, Visit visit, EscortPairing.PendingEscort pending, Instant now,
                                    List<Event> out) {
        Optional<Person> escort = directory.personById(pending.personId());
        if (escort.isEmpty() || !visit.mayBeEscortedBy(escort.get(), settings.doorId())) {
            denyVisitor(uid, DenialReason.ESCORT_NOT_ALLOWED, visit, now, out);
            return;
        }
        admitting.add(Admission.visitor(visit, pending.personId(), uid));
        if (!pending.admitted()) {
            admitStaff(escort.get(), pending.badgeUid());
            pairing.escortAdmitted();
        }
    }

    private void admitStaff(Person p, String uid) {
        admitting.add(Admission.staff(p, uid));
    }

    /**
     * Grants the admissions of the badge read just handled. At a two-person door whose room has
     * nobody the door knows is inside (besides those now entering), a party with fewer than two
     * persons waits for a second one instead; the party that completes it goes in with it.
     * Visitors never count as one of the two: they are in the room to be watched, not to watch.
     */
    private void settleAdmissions(Instant now, List<Event> out) {
        if (admitting.isEmpty()) {
            return;
        }
        List<Admission> fresh = List.copyOf(admitting);
        admitting.clear();
        if (!settings.twoPersonRule() || someoneElseInside(fresh)) {
            secondPerson.takeAll().forEach(a -> enter(a, now, out));
            fresh.forEach(a -> enter(a, now, out));
            return;
        }
        secondPerson.join(fresh, windowEnd(now), windowDue());
        if (secondPerson.persons() >= 2) {
            secondPerson.takeAll().forEach(a -> enter(a, now, out));
            return;
        }
        for (Admission a : fresh) {
            out.add(a.isVisitor() ? new Event.SecondPersonPending(now, null, a.visit().visitId(), secondPerson.until())
                    : new Event.SecondPersonPending(now, a.person().personId(), null, secondPerson.until()));
        }
    }

    /**
     * Whether a person the door knows is inside (confirmed, and not one of those entering: a
     * badge of someone listed inside that is read outside may mean they left unseen) keeps the
     * room from being empty.
     */
    private boolean someoneElseInside(List<Admission> entering) {
        return occupancy.persons().stream().filter(Occupant::confirmed)
                .anyMatch(o -> entering.stream().noneMatch(a -> a.key().equals(o.key())));
    }

    /** Lets one admitted person or visitor in: the grant, and who is inside. */
    private void enter(Admission a, Instant now, List<Event> out) {
        if (a.isVisitor()) {
            Visit v = a.visit();
            grant(now, out, Event.AccessGranted.visitorIn(now, v.visitId(), a.escortId()));
            occupancy.visitorEntered(v.visitId(), a.escortId(), now);
            if (alarms.isActive(Alarm.LONE_OCCUPANT, null)) {
                occupancy.update(a.key(), x -> x.withAlarm(Alarm.LONE_OCCUPANT));
            }
            if (strikeHeld) {
                occupancy.update(a.key(), x -> x.withAlarm(Alarm.OVERRIDE));
            }
            return;
        }
        Person p = a.person();
        // Soft anti-passback: granted, but the log shows the badge was already inside.
        boolean passback = settings.antiPassback() != AntiPassback.OFF && occupancy.personInside(p.personId());
        grant(now, out, Event.AccessGranted.staffIn(now, p.personId(), passback));
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

    // ---- exit -----------------------------------------------------------------------------

    /** Leaving is never refused (life safety); who left is recorded where the badge says. */
    private void exit(String uid, Instant now, List<Event> out) {
        Optional<Person> person = directory.personByBadge(uid);
        if (person.isPresent()) {
            String id = person.get().personId();
            grant(now, out, Event.AccessGranted.out(now, id, null, null));
            occupancy.remove("person:" + id);
            return;
        }
        List<Visit> visits = directory.visitsByBadge(uid);
        Optional<Visit> inside = visits.stream().filter(v -> occupancy.visitor(v.visitId()).isPresent()).findFirst();
        Optional<Visit> leaving = inside.or(() -> VisitChoice.current(visits, now));
        if (leaving.isEmpty()) {
            grant(now, out, Event.AccessGranted.out(now, null, null, uid));
            return;
        }
        Visit v = leaving.get();
        grant(now, out, Event.AccessGranted.out(now, null, v.visitId(), null));
        Optional<Occupant> was = occupancy.remove("visit:" + v.visitId());
        alarms.clearVisit(v.visitId(), now, out);
        out.add(visitCompleted(v, was.orElse(null), now));
    }

    private Event visitCompleted(Visit v, Occupant was, Instant now) {
        // Everything SOP step 8's report needs, so it can be built from the event log alone.
        return new Event.VisitCompleted(now, v.visitId(), v.visitorName(), v.organization(), v.purpose(),
                v.approvedBy(), was == null ? null : was.since(), now, was == null ? List.of() : was.escortIds(),
                was == null ? List.of() : was.alarms(), v.devices());
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

    /**
     * Two-person rule: someone is inside and fewer than two persons are known to be. After the
     * anonymous exit button nobody is confirmed, so whoever stayed may be alone: that counts too.
     * Visitors do not count (see {@link #settleAdmissions}); their being alone is
     * {@code visitor_unescorted}. Visitors inside when it is raised carry it into their visit.
     */
    private void watchLoneOccupant(Instant now, List<Event> out) {
        boolean lone = settings.twoPersonRule() && !occupancy.persons().isEmpty() && occupancy.confirmedPersons() < 2;
        if (!lone) {
            alarms.clear(Alarm.LONE_OCCUPANT, null, now, out);
        } else if (alarms.raise(Alarm.LONE_OCCUPANT, null, now, out)) {
            for (Occupant v : occupancy.visitors()) {
                occupancy.update(v.key(), x -> x.withAlarm(Alarm.LONE_OCCUPANT));
            }
        }
    }

    // ---- strike and contact ---------------------------------------------------------------

    private void deny(String uid, DenialReason reason, Instant now, List<Event> out, String personId) {
        denialSignalUntil = after(settings.denialSignal());
        out.add(new Event.AccessDenied(now, uid, reason, personId, null));
    }

    private void denyVisitor(String uid, DenialReason reason, Visit v, Instant now, List<Event> out) {
        denialSignalUntil = after(settings.denialSignal());
        out.add(new Event.AccessDenied(now, uid, reason, null, v.visitId()));
    }

    private void grant(Instant now, List<Event> out, Event.AccessGranted event) {
        releaseFor(settings.strikeTime());
        // A grant ends a denial signal at once: the person in front of the door sees green.
        denialSignalUntil = null;
        out.add(event);
    }

    /** Releases the strike for {@code d} from now; a break-glass override's longer release is never cut short. */
    private void releaseFor(Duration d) {
        long until = after(d);
        if (strikeHeld && strikeReleasedUntil != null && strikeReleasedUntil - until >= 0) {
            return;
        }
        strikeReleasedUntil = until;
        strikeHeld = false;
        openedDuringGrant = false;
    }

    /**
     * Holds the strike released for {@code d} whatever the door does. The door may stand open
     * while it lasts; {@code door_held_open} watches from its end.
     */
    private void holdReleasedFor(Duration d) {
        long until = after(d);
        if (!strikeHeld || strikeReleasedUntil == null || until - strikeReleasedUntil > 0) {
            strikeReleasedUntil = until;
        }
        strikeHeld = true;
        openedDuringGrant = false;
        if (doorOpen) {
            heldOpenAt = strikeReleasedUntil + settings.heldOpenTime().toNanos();
        }
    }

    /** The escort window's end as a date, for the {@code escort_pending} event. */
    private Instant windowEnd(Instant now) {
        return now.plus(settings.escortWindow());
    }

    /** The escort window's end in elapsed time, which decides. */
    private long windowDue() {
        return after(settings.escortWindow());
    }

    private long after(Duration d) {
        return t + d.toNanos();
    }

    private boolean reached(Long deadline) {
        return deadline != null && t - deadline >= 0;
    }

    /** A raw contact reading: it counts once it has stayed {@code contactDebounce}. */
    private void contactRead(boolean open, Instant now, List<Event> out) {
        if (open == doorOpen) {
            contactChangedAt = null; // bounced back before it counted
            return;
        }
        if (contactChangedAt == null) {
            contactChangedAt = t;
        }
        settleContact(now, out);
    }

    private void settleContact(Instant now, List<Event> out) {
        if (contactChangedAt != null && t - contactChangedAt >= settings.contactDebounce().toNanos()) {
            contactChangedAt = null;
            contact(!doorOpen, now, out);
        }
    }

    private void contact(boolean open, Instant now, List<Event> out) {
        if (open == doorOpen) {
            return; // a repeated level is no change
        }
        doorOpen = open;
        if (open) {
            out.add(new Event.DoorOpened(now));
            if (strikeReleasedUntil != null) {
                openedDuringGrant = !strikeHeld;
                heldOpenAt = strikeHeld ? strikeReleasedUntil + settings.heldOpenTime().toNanos()
                        : after(settings.heldOpenTime());
            } else {
                alarms.raise(Alarm.DOOR_FORCED_OPEN, null, now, out);
            }
        } else {
            out.add(new Event.DoorClosed(now));
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
        // The contact first: a door that opened (and stayed open) before the strike relocked
        // opened during the grant.
        settleContact(now, out);
        if (reached(strikeReleasedUntil)) {
            strikeReleasedUntil = null;
            openedDuringGrant = false;
            strikeHeld = false;
        }
        if (reached(heldOpenAt)) {
            heldOpenAt = null;
            alarms.raise(Alarm.DOOR_HELD_OPEN, null, now, out);
        }
        if (reached(denialSignalUntil)) {
            denialSignalUntil = null;
        }
        for (EscortPairing.PendingVisitor v : pairing.expiredVisitors(t)) {
            denialSignalUntil = after(settings.denialSignal());
            out.add(new Event.AccessDenied(now, v.badgeUid(), DenialReason.ESCORT_REQUIRED, null, v.visitId()));
        }
        pairing.expiredEscort(t).filter(e -> !e.admitted()).ifPresent(e -> {
            denialSignalUntil = after(settings.denialSignal());
            out.add(new Event.AccessDenied(now, e.badgeUid(), DenialReason.ESCORT_REQUIRED, e.personId(), null));
        });
        // Nobody came to make the party two: all of it is refused, and none of its staff may
        // still bring a visitor in on that tap.
        for (Admission a : secondPerson.expired(t)) {
            denialSignalUntil = after(settings.denialSignal());
            out.add(new Event.AccessDenied(now, a.badgeUid(), DenialReason.SECOND_PERSON_REQUIRED,
                    a.isVisitor() ? null : a.person().personId(), a.isVisitor() ? a.visit().visitId() : null));
            if (!a.isVisitor()) {
                pairing.forgetEscort(a.person().personId());
            }
        }
    }
}
