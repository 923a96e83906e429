package org.accessctl.core;

import static org.accessctl.core.VisitorRulesTest.ESCORT;
import static org.accessctl.core.VisitorRulesTest.ESCORT_ONLY;
import static org.accessctl.core.VisitorRulesTest.OTHER_ESCORT;
import static org.accessctl.core.VisitorRulesTest.STAFF;
import static org.accessctl.core.VisitorRulesTest.VISITOR;
import static org.accessctl.core.VisitorRulesTest.VISITOR_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.accessctl.core.VisitorRulesTest.Fixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules a site adds to a door — the two-person rule, anti-passback, the break-glass override
 * and the operator's clearing of a presence — alone and together with the door's own (lockdown,
 * the escort rule, occupancy). Badges as in {@link VisitorRulesTest}: P-001 (access, escort),
 * P-002 (escort only), P-003 (access only), P-004 (access, escort), visitor V-1.
 */
class EntryRulesTest {

    static final Duration WINDOW = Duration.ofSeconds(30);

    static Fixture twoPerson() {
        return new Fixture().rules(s -> s.withTwoPersonRule(true));
    }

    static Fixture hard() {
        return new Fixture().rules(s -> s.withAntiPassback(AntiPassback.HARD));
    }

    static Fixture both() {
        return new Fixture().rules(s -> s.withTwoPersonRule(true).withAntiPassback(AntiPassback.HARD));
    }

    static Input.Override override(int seconds) {
        return new Input.Override(List.of("P-001", "P-004"), "Fire brigade", Duration.ofSeconds(seconds));
    }

    /** Who was let in, in order: person ids and visit ids. */
    static List<String> admitted(Fixture f) {
        return f.grants().stream().filter(g -> "in".equals(g.get("direction")) && "badge".equals(g.get("via")))
                .map(g -> (String) g.getOrDefault("visitId", g.get("personId"))).toList();
    }

    static List<String> alarmsRaised(Fixture f) {
        return f.ofType("alarm_raised").stream().map(e -> (String) e.fields().get("alarm")).toList();
    }

    static List<String> alarmsCleared(Fixture f) {
        return f.ofType("alarm_cleared").stream().map(e -> (String) e.fields().get("alarm")).toList();
    }

    // ---- the table: each denial reason only from its own situation, in every combination ----

    static Arguments row(String name, Set<String> reasons, Consumer<Fixture> steps) {
        return Arguments.of(name, reasons, steps);
    }

    static Stream<Arguments> combinations() {
        return Stream.of(
                // Two-person rule alone.
                row("two-person: two staff within the window", Set.of(), f -> twoPersonSteps(f).in(STAFF).in(ESCORT)),
                row("two-person: second staff at the last moment", Set.of(),
                        f -> twoPersonSteps(f).in(STAFF).after(WINDOW.minusMillis(1)).in(ESCORT)),
                row("two-person: one staff, nobody follows", Set.of("second_person_required"),
                        f -> twoPersonSteps(f).in(STAFF).after(WINDOW)),
                row("two-person: the same badge twice is not two", Set.of("second_person_required"),
                        f -> twoPersonSteps(f).in(STAFF).in(STAFF).after(WINDOW)),
                row("two-person: the second comes too late", Set.of("second_person_required"),
                        f -> twoPersonSteps(f).in(STAFF).after(WINDOW.plusSeconds(1)).in(ESCORT).in(STAFF)),
                row("two-person: someone inside, one may join", Set.of(),
                        f -> twoPersonSteps(f).in(STAFF).in(ESCORT).after(Duration.ofMinutes(1)).in(OTHER_ESCORT)),
                row("two-person: exit reader always opens", Set.of(),
                        f -> twoPersonSteps(f).in(STAFF).in(ESCORT).out(ESCORT).out(STAFF).out("FFFFFFFFFF")),
                // Two-person rule with the escort rule: a visitor is never one of the two.
                row("two-person + escort: visitor and escort wait for a second staff", Set.of(),
                        f -> twoPersonSteps(f).in(VISITOR).in(ESCORT).in(STAFF)),
                row("two-person + escort: escort first, visitor, then a second staff", Set.of(),
                        f -> twoPersonSteps(f).in(ESCORT).in(VISITOR).in(STAFF)),
                row("two-person + escort: visitor and escort alone", Set.of("second_person_required"),
                        f -> twoPersonSteps(f).in(VISITOR).in(ESCORT).after(WINDOW)),
                row("two-person + escort: escort-only staff and visitor with a second staff", Set.of(),
                        f -> twoPersonSteps(f).in(ESCORT_ONLY).in(VISITOR).in(STAFF)),
                row("two-person + escort: an escort-only badge is not a second person alone",
                        Set.of("second_person_required", "escort_required"),
                        f -> twoPersonSteps(f).in(STAFF).in(ESCORT_ONLY).after(WINDOW)),
                row("two-person + escort: staff without escort role for a waiting visitor", Set.of("escort_not_allowed", "escort_required"),
                        f -> twoPersonSteps(f).in(VISITOR).in(STAFF).after(WINDOW)),
                row("two-person + escort: with staff inside, visitor and escort go in", Set.of(),
                        f -> twoPersonSteps(f).in(STAFF).in(OTHER_ESCORT).after(Duration.ofMinutes(1)).in(VISITOR).in(ESCORT)),
                // Two-person rule with lockdown.
                row("two-person + lockdown: the second badge is refused, the first times out",
                        Set.of("lockdown", "second_person_required"),
                        f -> twoPersonSteps(f).in(STAFF).input(new Input.Lockdown(true)).in(ESCORT).after(WINDOW)),
                row("two-person + lockdown: both refused", Set.of("lockdown"),
                        f -> twoPersonSteps(f).input(new Input.Lockdown(true)).in(STAFF).in(ESCORT)),
                row("two-person + override during a lockdown", Set.of(),
                        f -> twoPersonSteps(f).input(new Input.Lockdown(true)).input(override(300))),
                // Anti-passback alone.
                row("hard: staff inside read at the entry", Set.of("already_inside"),
                        f -> hardSteps(f).in(STAFF).after(Duration.ofMinutes(1)).in(STAFF)),
                row("hard: out through the exit reader, then in again", Set.of(),
                        f -> hardSteps(f).in(STAFF).out(STAFF).in(STAFF)),
                row("hard: left by the button, still inside by the door's account", Set.of("already_inside"),
                        f -> hardSteps(f).in(STAFF).input(new Input.ExitButton()).after(Duration.ofMinutes(1)).in(STAFF)),
                row("hard: cleared by an operator", Set.of(),
                        f -> hardSteps(f).in(STAFF).input(new Input.ExitButton()).input(new Input.ClearPresence("P-003")).in(STAFF)),
                row("soft: staff inside read at the entry is let in", Set.of(),
                        f -> f.in(STAFF).after(Duration.ofMinutes(1)).in(STAFF)),
                row("off: staff inside read at the entry is let in", Set.of(),
                        f -> f.rules(s -> s.withAntiPassback(AntiPassback.OFF)).in(STAFF).after(Duration.ofMinutes(1)).in(STAFF)),
                // Anti-passback with lockdown: the lockdown is the reason, whoever is inside.
                row("hard + lockdown", Set.of("lockdown"),
                        f -> hardSteps(f).in(STAFF).input(new Input.Lockdown(true)).in(STAFF)),
                // Anti-passback with the escort rule.
                row("hard + escort: an escort inside cannot fetch a visitor with a passed-back badge",
                        Set.of("already_inside", "escort_required"),
                        f -> hardSteps(f).in(ESCORT).after(Duration.ofMinutes(1)).in(VISITOR).in(ESCORT).after(WINDOW)),
                row("hard + escort: visitor badge passed back is refused as before", Set.of("already_inside"),
                        f -> hardSteps(f).in(VISITOR).in(ESCORT).in(VISITOR)),
                row("hard + escort: escort goes out and in again with a visitor", Set.of(),
                        f -> hardSteps(f).in(ESCORT).out(ESCORT).after(Duration.ofMinutes(1)).in(VISITOR).in(ESCORT)),
                // Anti-passback with the two-person rule.
                row("hard + two-person: one of two inside read at the entry", Set.of("already_inside"),
                        f -> bothSteps(f).in(STAFF).in(ESCORT).after(Duration.ofMinutes(1)).in(STAFF)),
                row("hard + two-person: both out and both in again", Set.of(),
                        f -> bothSteps(f).in(STAFF).in(ESCORT).out(STAFF).out(ESCORT).in(ESCORT).in(STAFF)),
                // Occupancy: the exit reader never refuses, whatever the rules.
                row("all rules + lockdown: the exit reader opens for everyone", Set.of(),
                        f -> bothSteps(f).in(STAFF).in(ESCORT).input(new Input.Lockdown(true))
                                .out(STAFF).out(ESCORT).out(VISITOR).out("FFFFFFFFFF")),
                // Schedules alone (Monday 09:00 in Jakarta).
                row("schedule: staff within their hours", Set.of(), f -> scheduled(f, "P-003", OFFICE).in(STAFF)),
                row("schedule: staff after their hours", Set.of("outside_schedule"),
                        f -> scheduled(f, "P-003", OFFICE).after(Duration.ofHours(9)).in(STAFF)),
                row("schedule: staff on a night schedule by day", Set.of("outside_schedule"),
                        f -> scheduled(f, "P-003", NIGHT).in(STAFF)),
                row("schedule: a closed date", Set.of("outside_schedule"),
                        f -> scheduled(f, "P-003", closedOn(OFFICE, "2026-11-23")).in(STAFF)),
                row("schedule: a schedule the door does not hold", Set.of("outside_schedule"), f -> {
                    scheduled(f, "P-003", OFFICE);
                    f.directory.removeSchedule("office");
                    f.in(STAFF);
                }),
                row("schedule: a staff member without one, any time", Set.of(),
                        f -> scheduled(f, "P-001", NIGHT).after(Duration.ofHours(9)).in(STAFF)),
                row("schedule: the exit reader opens after hours", Set.of(),
                        f -> scheduled(f, "P-003", OFFICE).in(STAFF).after(Duration.ofHours(9)).out(STAFF)),
                row("schedule: a clock not yet set cannot say", Set.of("clock_not_set"),
                        f -> scheduled(f, "P-003", OFFICE).rules(s -> s.withClockFloor(f.clock.instant().plusSeconds(60)))
                                .in(STAFF)),
                row("schedule: a clock not yet set, no schedule", Set.of(),
                        f -> f.rules(s -> s.withClockFloor(f.clock.instant().plusSeconds(60))).in(STAFF)),
                // Schedules with lockdown and the override.
                row("schedule + lockdown: the lockdown is the reason", Set.of("lockdown"),
                        f -> scheduled(f, "P-003", NIGHT).input(new Input.Lockdown(true)).in(STAFF)),
                row("schedule + override: opens outside every schedule", Set.of(),
                        f -> scheduled(scheduled(f, "P-001", NIGHT), "P-004", NIGHT).input(override(300))),
                // Schedules with the escort rule: the escort's own hours decide.
                row("schedule + escort: an escort outside their hours cannot fetch a visitor",
                        Set.of("outside_schedule", "escort_required"),
                        f -> scheduled(f, "P-001", NIGHT).in(VISITOR).in(ESCORT).after(WINDOW)),
                row("schedule + escort: an escort within their hours", Set.of(),
                        f -> scheduled(f, "P-001", OFFICE).in(VISITOR).in(ESCORT)),
                row("schedule + escort: escort-only staff outside their hours", Set.of("outside_schedule", "escort_required"),
                        f -> scheduled(f, "P-002", NIGHT).in(ESCORT_ONLY).in(VISITOR).after(WINDOW)),
                // Schedules with the two-person rule: a second person outside their hours is no second.
                row("schedule + two-person: the second outside their hours",
                        Set.of("outside_schedule", "second_person_required"),
                        f -> scheduled(twoPersonSteps(f), "P-001", NIGHT).in(STAFF).in(ESCORT).after(WINDOW)),
                row("schedule + two-person: both within their hours", Set.of(),
                        f -> scheduled(scheduled(twoPersonSteps(f), "P-001", OFFICE), "P-003", OFFICE).in(STAFF).in(ESCORT)),
                // Schedules with anti-passback: hours are judged first, whoever is inside.
                row("schedule + hard: inside, read again after hours", Set.of("outside_schedule"),
                        f -> scheduled(hardSteps(f), "P-003", OFFICE).in(STAFF).after(Duration.ofHours(9)).in(STAFF)),
                row("schedule + hard: inside, read again within hours", Set.of("already_inside"),
                        f -> scheduled(hardSteps(f), "P-003", OFFICE).in(STAFF).after(Duration.ofHours(1)).in(STAFF)));
    }

    static final java.time.ZoneId JAKARTA = java.time.ZoneId.of("Asia/Jakarta");
    static final Set<java.time.DayOfWeek> WEEKDAYS = java.util.EnumSet.range(java.time.DayOfWeek.MONDAY,
            java.time.DayOfWeek.FRIDAY);
    static final Schedule OFFICE = new Schedule("office", JAKARTA,
            List.of(new Schedule.Window(WEEKDAYS, 7 * 60 + 30, 17 * 60)), Map.of());
    static final Schedule NIGHT = new Schedule("night", JAKARTA,
            List.of(new Schedule.Window(java.util.EnumSet.allOf(java.time.DayOfWeek.class), 22 * 60, 6 * 60)), Map.of());

    static Schedule closedOn(Schedule s, String date) {
        java.time.LocalDate d = java.time.LocalDate.parse(date);
        return new Schedule(s.scheduleId(), s.zone(), s.windows(), Map.of(d, new Schedule.DateException(d, true, List.of())));
    }

    /** The fixture's person {@code personId}, now limited to {@code schedule}, which the door holds. */
    static Fixture scheduled(Fixture f, String personId, Schedule schedule) {
        Person p = f.directory.personById(personId).orElseThrow();
        f.directory.put(schedule);
        f.directory.put(new Person(p.personId(), p.name(), p.badgeUid(), p.roles(), p.active(), p.doors(), p.publicKey(),
                schedule.scheduleId()));
        return f;
    }

    private static Fixture twoPersonSteps(Fixture f) {
        return f.rules(s -> s.withTwoPersonRule(true));
    }

    private static Fixture hardSteps(Fixture f) {
        return f.rules(s -> s.withAntiPassback(AntiPassback.HARD));
    }

    private static Fixture bothSteps(Fixture f) {
        return f.rules(s -> s.withTwoPersonRule(true).withAntiPassback(AntiPassback.HARD));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("combinations")
    void eachDenialReasonComesFromItsOwnSituationOnly(String name, Set<String> reasons, Consumer<Fixture> steps) {
        Fixture f = new Fixture();
        steps.accept(f);
        assertEquals(reasons, f.denialReasons(), name + ": " + f.events);
    }

    // ---- the two-person rule ---------------------------------------------------------------

    @Test
    void anEmptyRoomOpensOnlyWhenTheSecondPersonBadges() {
        Fixture f = twoPerson().in(STAFF);
        assertEquals(List.of(new Event.SecondPersonPending(f.clock.instant(), "P-003", null,
                f.clock.instant().plus(WINDOW))), f.events);
        assertFalse(f.door.outputs().strikeReleased(), "one person alone does not open the empty room");
        assertTrue(f.door.status().occupants().isEmpty());

        f.after(Duration.ofSeconds(20)).in(ESCORT);
        assertEquals(List.of("P-003", "P-001"), admitted(f), "both are let in, in the order they badged");
        assertTrue(f.door.outputs().strikeReleased());
        assertEquals(List.of("person:P-003", "person:P-001"),
                f.door.status().occupants().stream().map(Occupant::key).toList());
        assertEquals(List.of(), alarmsRaised(f), "two inside: nobody is alone");
    }

    @Test
    void aSecondTapDoesNotExtendTheWindow() {
        Fixture f = twoPerson().in(STAFF);
        Instant until = f.clock.instant().plus(WINDOW);
        f.after(Duration.ofSeconds(20)).in(STAFF);
        assertEquals(List.of(until, until), f.ofType("second_person_pending").stream()
                .map(e -> e.fields().get("until")).toList());
        f.after(Duration.ofSeconds(10));
        assertEquals(List.of(Map.of("direction", "in", "badgeUid", STAFF, "reason", "second_person_required",
                "personId", "P-003")), f.ofType("access_denied").stream().map(Event::fields).toList());
    }

    @Test
    void theLoopWakesWhenTheWaitEnds() {
        Fixture f = twoPerson().in(STAFF).after(Duration.ofSeconds(10));
        assertEquals(Duration.ofSeconds(20), f.door.untilNextDeadline().orElseThrow());
    }

    @Test
    void aVisitorAndTheirEscortAreNotTwo() {
        Fixture f = twoPerson().in(VISITOR).in(ESCORT);
        assertEquals(List.of(), admitted(f));
        assertEquals(List.of(Map.of("visitId", "V-1", "until", f.clock.instant().plus(WINDOW)),
                Map.of("personId", "P-001", "until", f.clock.instant().plus(WINDOW))),
                f.ofType("second_person_pending").stream().map(Event::fields).toList());
        f.in(STAFF);
        assertEquals(List.of("V-1", "P-001", "P-003"), admitted(f), "the second staff member completes the party");
        assertEquals("P-001", f.grants().get(0).get("escortId"));
        assertEquals(List.of(), alarmsRaised(f));
    }

    @Test
    void aPartyThatNeverBecomesTwoIsRefusedWhole() {
        Fixture f = twoPerson().in(VISITOR).in(ESCORT).after(WINDOW);
        assertEquals(List.of(Map.of("direction", "in", "badgeUid", VISITOR, "reason", "second_person_required",
                        "visitId", "V-1"),
                Map.of("direction", "in", "badgeUid", ESCORT, "reason", "second_person_required", "personId", "P-001")),
                f.ofType("access_denied").stream().map(Event::fields).toList());
        // The escort's tap is spent: a visitor badging now waits for an escort again.
        f.in(VISITOR);
        assertEquals("escort_pending", f.events.get(f.events.size() - 1).type());
    }

    @Test
    void onePersonLeftInsideIsALoneOccupantUntilTheLastLeaves() {
        Fixture f = twoPerson().in(STAFF).in(ESCORT);
        f.after(Duration.ofMinutes(5)).out(ESCORT);
        assertEquals(List.of(Map.of("alarm", "lone_occupant")),
                f.ofType("alarm_raised").stream().map(Event::fields).toList());
        assertTrue(f.door.outputs().buzzer() && f.door.outputs().redLed());
        assertEquals(List.of("lone_occupant"), f.door.status().alarms().stream().map(Alarm::kind).toList());
        f.after(Duration.ofMinutes(1)).out(STAFF);
        assertEquals(List.of("lone_occupant"), alarmsCleared(f));
        assertTrue(f.door.status().alarms().isEmpty());
    }

    @Test
    void aSecondPersonEnteringEndsTheLoneOccupant() {
        Fixture f = twoPerson().in(STAFF).in(ESCORT).after(Duration.ofMinutes(1)).out(ESCORT);
        f.after(Duration.ofMinutes(1)).in(OTHER_ESCORT);
        assertEquals(List.of("P-003", "P-001", "P-004"), admitted(f), "someone inside: one may join alone");
        assertEquals(List.of("lone_occupant"), alarmsCleared(f));
    }

    @Test
    void afterTheExitButtonNobodyIsKnownInsideSoTheRoomCountsAsEmpty() {
        Fixture f = twoPerson().in(STAFF).in(ESCORT).after(Duration.ofMinutes(1)).input(new Input.ExitButton());
        assertEquals(List.of("lone_occupant"), alarmsRaised(f), "whoever stayed may be alone");
        f.after(Duration.ofMinutes(1)).in(OTHER_ESCORT);
        assertEquals(List.of("P-003", "P-001"), admitted(f), "nobody confirmed inside: one alone waits");
        assertEquals("second_person_pending", f.events.get(f.events.size() - 1).type());
        // Both listed ones leave through the exit reader: nobody is listed, the alarm ends.
        f.out(STAFF).out(ESCORT);
        assertEquals(List.of("lone_occupant"), alarmsCleared(f));
    }

    @Test
    void anOperatorClearingTheLastListedPersonEndsTheLoneOccupant() {
        Fixture f = twoPerson().in(STAFF).in(ESCORT).input(new Input.ExitButton()).out(ESCORT);
        assertEquals(List.of("lone_occupant"), alarmsRaised(f));
        f.input(new Input.ClearPresence("P-003"));
        assertEquals(List.of("lone_occupant"), alarmsCleared(f));
        assertTrue(f.door.status().occupants().isEmpty());
    }

    @Test
    void anEscortLeftAloneWithAVisitorIsALoneOccupantAndTheVisitCarriesIt() {
        Fixture f = twoPerson().in(VISITOR).in(ESCORT).in(STAFF);
        f.after(Duration.ofMinutes(10)).out(STAFF);
        assertEquals(List.of("lone_occupant"), alarmsRaised(f), "the visitor does not count; the escort is escorting");
        f.after(Duration.ofMinutes(10)).out(VISITOR).out(ESCORT);
        assertEquals(List.of("lone_occupant"), f.ofType("visit_completed").get(0).fields().get("alarms"));
        assertEquals(List.of("lone_occupant"), alarmsCleared(f));
    }

    @Test
    void aVisitTheOverrideTouchedCarriesItIntoTheReport() {
        // V-1 is inside when two operators break the glass; V-2 comes in while it holds the door.
        Fixture f = new Fixture().in(VISITOR).in(ESCORT).after(Duration.ofMinutes(5)).input(override(300))
                .after(Duration.ofSeconds(10)).in(VISITOR_2).in(ESCORT);
        f.after(Duration.ofMinutes(10)).out(VISITOR).out(VISITOR_2);
        assertEquals(List.of(List.of("override"), List.of("override")),
                f.ofType("visit_completed").stream().map(e -> e.fields().get("alarms")).toList());
        // Once the override has ended, a visit is not touched by it.
        f.directory.put(f.visit("V-3", "1122330003", Visit.Status.APPROVED, -10, 60, Set.of(), Set.of()));
        f.after(Duration.ofMinutes(10)).in("1122330003").in(ESCORT).after(Duration.ofMinutes(1)).out("1122330003");
        assertEquals("V-3", f.ofType("visit_completed").get(2).fields().get("visitId"));
        assertEquals(List.of(), f.ofType("visit_completed").get(2).fields().get("alarms"));
    }

    @Test
    void theRuleOffRaisesNoLoneOccupant() {
        Fixture f = new Fixture().in(STAFF).in(ESCORT).out(ESCORT);
        assertEquals(List.of(), alarmsRaised(f));
        assertEquals(List.of("P-003", "P-001"), admitted(f), "without the rule one person opens alone");
    }

    @Test
    void aLoneOccupantAlarmLeftInMemoryEndsWhenTheRuleIsTurnedOff() {
        Fixture f = twoPerson().in(STAFF).in(ESCORT).out(ESCORT);
        DoorMemory memory = f.door.memory();
        assertEquals(List.of("lone_occupant"), memory.alarms().stream().map(Alarm::kind).toList());
        Door plain = new Door(DoorSettings.defaults("main", "door-1"), f.directory, f.clock, f.clock, false, memory);
        assertEquals(List.of("alarm_cleared"), plain.handle(new Input.Tick()).stream().map(Event::type).toList());
    }

    @Test
    void aFaultDropsTheWaitingPartyAndKeepsTheCommittedLoneOccupant() {
        Fixture f = twoPerson().in(STAFF).in(ESCORT).out(ESCORT);
        DoorMemory committed = f.door.memory();
        f.in(OTHER_ESCORT);
        f.door.failSecure(committed);
        assertEquals(committed, f.door.memory());
        assertEquals(List.of("access_granted"), f.door.handle(new Input.BadgeRead(ReaderSide.ENTRY, OTHER_ESCORT))
                .stream().map(Event::type).filter(t -> !t.startsWith("alarm")).toList(), "P-003 is still inside");
        assertEquals(List.of(), f.door.physicalEvents(List.of(new Event.AlarmRaised(f.clock.instant(),
                "lone_occupant", null))), "not about the door: undone with the people");
    }

    // ---- anti-passback -----------------------------------------------------------------------

    @Test
    void softAntiPassbackLetsInAndLogsIt() {
        Fixture f = new Fixture().in(STAFF).after(Duration.ofMinutes(1)).in(STAFF);
        assertEquals(List.of(Map.of("direction", "in", "via", "badge", "personId", "P-003"),
                Map.of("direction", "in", "via", "badge", "personId", "P-003", "alreadyInside", true)), f.grants());
    }

    @Test
    void offAntiPassbackDoesNotMarkIt() {
        Fixture f = new Fixture().rules(s -> s.withAntiPassback(AntiPassback.OFF)).in(STAFF)
                .after(Duration.ofMinutes(1)).in(STAFF);
        assertTrue(f.grants().stream().noneMatch(g -> g.containsKey("alreadyInside")));
    }

    @Test
    void hardAntiPassbackRefusesUntilTheBadgeGoesOut() {
        Fixture f = hard().in(STAFF).after(Duration.ofMinutes(1)).in(STAFF);
        assertEquals(Map.of("direction", "in", "badgeUid", STAFF, "reason", "already_inside", "personId", "P-003"),
                f.ofType("access_denied").get(0).fields());
        assertTrue(f.door.outputs().redLed());
        f.out(STAFF).in(STAFF);
        assertEquals(List.of("P-003", "P-003"), admitted(f));
    }

    @Test
    void anOperatorsClearLetsTheBadgeInAgain() {
        Fixture f = hard().in(STAFF).in(ESCORT).input(new Input.ClearPresence("P-003"));
        assertEquals(List.of("person:P-001"), f.door.status().occupants().stream().map(Occupant::key).toList());
        f.in(STAFF);
        assertEquals(Set.of(), f.denialReasons());
        assertEquals(List.of("P-003", "P-001", "P-003"), admitted(f));
    }

    @Test
    void clearingTheLastEscortOfAVisitorLeavesTheVisitorUnescorted() {
        Fixture f = hard().in(VISITOR).in(ESCORT).input(new Input.ClearPresence("P-001"));
        assertEquals(List.of(Map.of("alarm", "visitor_unescorted", "visitId", "V-1")),
                f.ofType("alarm_raised").stream().map(Event::fields).toList());
    }

    @Test
    void clearingSomeoneNotInsideChangesNothing() {
        Fixture f = hard().in(STAFF);
        DoorMemory before = f.door.memory();
        assertEquals(List.of(), f.door.handle(new Input.ClearPresence("P-404")));
        assertEquals(before, f.door.memory());
    }

    // ---- break-glass override --------------------------------------------------------------

    @Test
    void anOverrideOpensDuringALockdownAndStaysOpenWhenTheDoorCloses() {
        Fixture f = new Fixture().input(new Input.Lockdown(true)).input(override(300));
        assertEquals(List.of(Map.of("direction", "in", "via", "remote", "operatorIds", List.of("P-001", "P-004"),
                "reason", "Fire brigade", "seconds", 300L)), f.grants());
        assertTrue(f.door.outputs().strikeReleased());
        f.after(Duration.ofSeconds(10)).input(new Input.DoorContact(true)).after(Duration.ofSeconds(20))
                .input(new Input.DoorContact(false));
        assertTrue(f.door.outputs().strikeReleased(), "closing the door does not end an override");
        f.after(Duration.ofSeconds(269));
        assertTrue(f.door.outputs().strikeReleased());
        f.after(Duration.ofSeconds(1));
        assertFalse(f.door.outputs().strikeReleased(), "300 s and no more");
        assertTrue(f.door.status().lockdown(), "the lockdown itself stays");
        f.in(STAFF);
        assertEquals(Set.of("lockdown"), f.denialReasons());
    }

    @Test
    void theDoorMayStandOpenWhileTheOverrideLasts() {
        Fixture f = new Fixture().input(override(120)).input(new Input.DoorContact(true));
        f.after(Duration.ofSeconds(119));
        assertEquals(List.of(), alarmsRaised(f), "no door_held_open during the override");
        f.after(Duration.ofSeconds(30));
        assertEquals(List.of(), alarmsRaised(f));
        f.after(Duration.ofSeconds(1));
        assertEquals(List.of("door_held_open"), alarmsRaised(f), "held open counts from the override's end");
    }

    @Test
    void aBadgeOrAnUnlockDuringAnOverrideDoesNotCutItShort() {
        Fixture f = new Fixture().input(override(120)).in(STAFF)
                .input(new Input.RemoteUnlock("P-001", "Delivery", Duration.ofSeconds(5)));
        f.input(new Input.DoorContact(true)).after(Duration.ofSeconds(2)).input(new Input.DoorContact(false));
        f.after(Duration.ofSeconds(100));
        assertTrue(f.door.outputs().strikeReleased());
        f.after(Duration.ofSeconds(18));
        assertFalse(f.door.outputs().strikeReleased());
    }

    @Test
    void anUnlockAfterAnOverrideEndsIsAnOrdinaryGrantAgain() {
        Fixture f = new Fixture().input(override(10)).after(Duration.ofSeconds(10))
                .input(new Input.RemoteUnlock("P-001", "Delivery", Duration.ofSeconds(5)));
        assertTrue(f.door.outputs().strikeReleased());
        f.input(new Input.DoorContact(true)).after(Duration.ofSeconds(1)).input(new Input.DoorContact(false));
        assertFalse(f.door.outputs().strikeReleased(), "closing relocks behind an ordinary grant");
    }

    @Test
    void aStopOrAFaultEndsAnOverride() {
        Fixture f = new Fixture().input(override(300));
        f.door.failSecure(f.door.memory());
        assertFalse(f.door.outputs().strikeReleased());
    }
}
