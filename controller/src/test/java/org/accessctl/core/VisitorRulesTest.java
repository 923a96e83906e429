package org.accessctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.accessctl.testing.MapDirectory;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The procedure's rules at the door: visits, the two-badge escort rule, occupancy, visitor alarms. */
class VisitorRulesTest {

    static final String ESCORT = "E000000001";      // P-001: access + escort
    static final String ESCORT_ONLY = "E000000002"; // P-002: escort, not access
    static final String STAFF = "E000000003";       // P-003: access, not escort
    static final String OTHER_ESCORT = "E000000004"; // P-004: access + escort, named in no visit
    static final String VISITOR = "1122334455";
    static final String VISITOR_2 = "5544332211";

    /** A door with its directory and a clock, and the events it produced. */
    static final class Fixture {
        final MutableClock clock = MutableClock.atVisitMorning();
        final MapDirectory directory = new MapDirectory();
        DoorSettings settings = DoorSettings.defaults("main", "door-1");
        Door door;
        final List<Event> events = new ArrayList<>();

        Fixture() {
            directory.put(person("P-001", ESCORT, Set.of("access", "escort")));
            directory.put(person("P-002", ESCORT_ONLY, Set.of("escort")));
            directory.put(person("P-003", STAFF, Set.of("access")));
            directory.put(person("P-004", OTHER_ESCORT, Set.of("access", "escort")));
            directory.put(visit("V-1", VISITOR, Visit.Status.APPROVED, -10, 60, Set.of(), Set.of()));
            directory.put(visit("V-2", VISITOR_2, Visit.Status.APPROVED, -10, 60, Set.of(), Set.of()));
            door = new Door(settings, directory, clock, clock, false);
        }

        Person person(String id, String badge, Set<String> roles) {
            return new Person(id, "Staff " + id, badge, roles, true, Set.of(), null);
        }

        /** A visit whose window runs from {@code fromMin} to {@code untilMin} minutes from now. */
        Visit visit(String id, String badge, Visit.Status status, int fromMin, int untilMin, Set<String> escorts,
                    Set<String> doors) {
            Instant now = clock.instant();
            return new Visit(id, status, "Budi", "Vendor X", "Replace disk", badge, now.plusSeconds(60L * fromMin),
                    now.plusSeconds(60L * untilMin), escorts, doors, "P-100",
                    List.of(Map.of("description", "Laptop", "serial", "ABC123")), null);
        }

        void restart() {
            door = new Door(settings, directory, clock, clock, false);
        }

        /** The same door with other settings (two-person rule, anti-passback), started afresh. */
        Fixture rules(java.util.function.UnaryOperator<DoorSettings> change) {
            settings = change.apply(settings);
            restart();
            return this;
        }

        Fixture in(String uid) {
            events.addAll(door.handle(new Input.BadgeRead(ReaderSide.ENTRY, uid)));
            return this;
        }

        Fixture out(String uid) {
            events.addAll(door.handle(new Input.BadgeRead(ReaderSide.EXIT, uid)));
            return this;
        }

        Fixture input(Input input) {
            events.addAll(door.handle(input));
            return this;
        }

        Fixture after(Duration d) {
            clock.advance(d);
            return input(new Input.Tick());
        }

        Set<String> denialReasons() {
            Set<String> r = new TreeSet<>();
            events.stream().filter(e -> e.type().equals("access_denied")).forEach(e -> r.add((String) e.fields().get("reason")));
            return r;
        }

        List<Event> ofType(String type) {
            return events.stream().filter(e -> e.type().equals(type)).toList();
        }

        List<Map<String, Object>> grants() {
            return ofType("access_granted").stream().map(Event::fields).toList();
        }
    }

    static Arguments scenario(String name, String reason, Consumer<Fixture> steps) {
        return Arguments.of(name, reason, steps);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                scenario("unknown badge", "unknown_badge", f -> f.in("FFFFFFFFFF")),
                scenario("deactivated staff", "inactive", f -> {
                    f.directory.put(new Person("P-001", "x", ESCORT, Set.of("access"), false, Set.of(), null));
                    f.in(ESCORT);
                }),
                scenario("visit already closed", "no_visit", f -> {
                    f.directory.put(f.directory.visitById("V-1").orElseThrow().completed(f.clock.instant()));
                    f.in(VISITOR);
                }),
                scenario("visit starts later", "visit_not_started", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.APPROVED, 30, 90, Set.of(), Set.of()));
                    f.in(VISITOR);
                }),
                scenario("visit ended", "visit_expired", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.APPROVED, -90, -30, Set.of(), Set.of()));
                    f.in(VISITOR);
                }),
                scenario("visit revoked", "visit_revoked", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.REVOKED, -10, 60, Set.of(), Set.of()));
                    f.in(VISITOR);
                }),
                scenario("visit cancelled", "visit_revoked", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.CANCELLED, -10, 60, Set.of(), Set.of()));
                    f.in(VISITOR);
                }),
                scenario("visit for another door", "wrong_door", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.APPROVED, -10, 60, Set.of(), Set.of("door-2")));
                    f.in(VISITOR);
                }),
                scenario("staff for another door", "wrong_door", f -> {
                    f.directory.put(new Person("P-003", "x", STAFF, Set.of("access"), true, Set.of("door-2"), null));
                    f.in(STAFF);
                }),
                scenario("no escort came in time", "escort_required", f -> f.in(VISITOR).after(Duration.ofSeconds(30))),
                scenario("escort came too late", "escort_required", f -> f.in(VISITOR).after(Duration.ofSeconds(31)).in(ESCORT)),
                scenario("escort-only staff alone", "escort_required", f -> f.in(ESCORT_ONLY).after(Duration.ofSeconds(30))),
                scenario("staff without escort role", "escort_not_allowed", f -> f.in(VISITOR).in(STAFF)),
                scenario("escort not named in the visit", "escort_not_allowed", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.APPROVED, -10, 60, Set.of("P-001"), Set.of()));
                    f.in(VISITOR).in(OTHER_ESCORT);
                }),
                scenario("escort first, not named in the visit", "escort_not_allowed", f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.APPROVED, -10, 60, Set.of("P-001"), Set.of()));
                    f.in(OTHER_ESCORT).in(VISITOR);
                }),
                scenario("badge passed back out", "already_inside", f -> f.in(VISITOR).in(ESCORT).in(VISITOR)),
                scenario("lockdown, staff", "lockdown", f -> f.input(new Input.Lockdown(true)).in(ESCORT)),
                scenario("lockdown, visitor", "lockdown", f -> f.input(new Input.Lockdown(true)).in(VISITOR)),
                scenario("clock not set, visitor", "clock_not_set", f -> {
                    f.settings = f.settings.withClockFloor(f.clock.instant().plusSeconds(1));
                    f.restart();
                    f.in(VISITOR);
                }),
                scenario("disk full, staff", "disk_full", f -> f.input(new Input.DiskFull(true)).in(ESCORT)),
                scenario("disk full, visitor", "disk_full", f -> f.input(new Input.DiskFull(true)).in(VISITOR)),
                scenario("two-person rule, nobody followed into the empty room", "second_person_required",
                        f -> f.rules(s -> s.withTwoPersonRule(true)).in(STAFF).after(Duration.ofSeconds(30))),
                scenario("hard anti-passback, staff inside read at the entry", "already_inside",
                        f -> f.rules(s -> s.withAntiPassback(AntiPassback.HARD)).in(STAFF).after(Duration.ofMinutes(1)).in(STAFF)),
                scenario("staff outside their schedule", "outside_schedule",
                        f -> EntryRulesTest.scheduled(f, "P-003", EntryRulesTest.NIGHT).in(STAFF)),
                // Inputs that must produce no denial at all.
                scenario("staff alone", null, f -> f.in(ESCORT).in(STAFF)),
                scenario("visitor then escort", null, f -> f.in(VISITOR).in(ESCORT)),
                scenario("escort then visitor", null, f -> f.in(ESCORT).in(VISITOR)),
                scenario("escort-only staff then visitor", null, f -> f.in(ESCORT_ONLY).in(VISITOR)),
                scenario("visitor then escort-only staff", null, f -> f.in(VISITOR).in(ESCORT_ONLY)),
                scenario("named escort", null, f -> {
                    f.directory.put(f.visit("V-1", VISITOR, Visit.Status.APPROVED, -10, 60, Set.of("P-001"), Set.of()));
                    f.in(VISITOR).in(ESCORT);
                }),
                scenario("staff second entry", null, f -> f.in(ESCORT).after(Duration.ofMinutes(1)).in(ESCORT)),
                scenario("exit reader during lockdown", null, f -> f.input(new Input.Lockdown(true)).out(ESCORT).out(VISITOR).out("FFFFFFFFFF")),
                scenario("exit reader while the disk is full", null, f -> f.input(new Input.DiskFull(true)).out(ESCORT).out("FFFFFFFFFF")),
                scenario("disk full again", null, f -> f.input(new Input.DiskFull(true)).input(new Input.DiskFull(false)).in(ESCORT)),
                scenario("lockdown released", null, f -> f.input(new Input.Lockdown(true)).input(new Input.Lockdown(false)).in(ESCORT)),
                scenario("clock not set, staff", null, f -> {
                    f.settings = f.settings.withClockFloor(f.clock.instant().plusSeconds(1));
                    f.restart();
                    f.in(STAFF);
                }),
                scenario("visitor leaves and comes back", null, f -> f.in(VISITOR).in(ESCORT).out(VISITOR).out(ESCORT)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("scenarios")
    void eachDenialReasonComesFromItsOwnSituationOnly(String name, String reason, Consumer<Fixture> steps) {
        Fixture f = new Fixture();
        steps.accept(f);
        assertEquals(reason == null ? Set.of() : Set.of(reason), f.denialReasons(), name + ": " + f.events);
    }

    @Test
    void everyContractReasonHasAScenario() {
        Set<String> covered = new TreeSet<>();
        scenarios().forEach(a -> {
            if (a.get()[1] != null) {
                covered.add((String) a.get()[1]);
            }
        });
        Set<String> all = new TreeSet<>();
        for (DenialReason r : DenialReason.values()) {
            all.add(r.code());
        }
        assertEquals(all, covered);
    }

    @Test
    void visitorFirstWaitsThenBothAreAdmitted() {
        Fixture f = new Fixture().in(VISITOR);
        Event pending = f.events.get(0);
        assertEquals("escort_pending", pending.type());
        assertEquals(Map.of("visitId", "V-1", "until", f.clock.instant().plusSeconds(30)), pending.fields());
        assertFalse(f.door.outputs().strikeReleased(), "a visitor badge alone never opens");

        f.after(Duration.ofSeconds(29)).in(ESCORT);
        assertEquals(List.of(
                Map.of("direction", "in", "via", "badge", "visitId", "V-1", "escortId", "P-001"),
                Map.of("direction", "in", "via", "badge", "personId", "P-001")), f.grants());
        assertTrue(f.door.outputs().strikeReleased());
        List<Occupant> inside = f.door.status().occupants();
        assertEquals(List.of("visit:V-1", "person:P-001"), inside.stream().map(Occupant::key).toList());
        assertEquals(List.of("P-001"), inside.get(0).escortIds());
    }

    @Test
    void escortOnlyStaffWaitsForTheirVisitorAndEntersWithThem() {
        Fixture f = new Fixture().in(ESCORT_ONLY);
        assertEquals("escort_pending", f.events.get(0).type());
        assertEquals("P-002", f.events.get(0).fields().get("personId"));
        assertFalse(f.door.outputs().strikeReleased());
        f.in(VISITOR);
        assertEquals(List.of("V-1", "P-002"), f.grants().stream()
                .map(g -> (String) g.getOrDefault("visitId", g.get("personId"))).toList());
    }

    @Test
    void twoVisitorsWithOneEscort() {
        Fixture f = new Fixture().in(VISITOR).in(VISITOR_2).in(ESCORT);
        assertEquals(List.of("V-1", "V-2", "P-001"), f.grants().stream()
                .map(g -> (String) g.getOrDefault("visitId", g.get("personId"))).toList());
        assertTrue(f.grants().subList(0, 2).stream().allMatch(g -> g.get("escortId").equals("P-001")));
        // The same escort may also bring a visitor who arrives just after them.
        Fixture g = new Fixture().in(ESCORT).in(VISITOR).after(Duration.ofSeconds(10)).in(VISITOR_2);
        assertEquals(Set.of(), g.denialReasons());
        assertEquals(3, g.grants().size());
    }

    @Test
    void lastEscortLeavingLeavesTheVisitorUnescortedUntilAnEscortReturns() {
        Fixture f = new Fixture().in(VISITOR).in(ESCORT);
        f.out(ESCORT);
        Event raised = f.ofType("alarm_raised").get(0);
        assertEquals(Map.of("alarm", "visitor_unescorted", "visitId", "V-1"), raised.fields());
        assertTrue(f.door.outputs().buzzer() && f.door.outputs().redLed());

        f.after(Duration.ofSeconds(40)).in(OTHER_ESCORT); // any allowed escort of the visit
        assertEquals(Map.of("alarm", "visitor_unescorted", "visitId", "V-1"), f.ofType("alarm_cleared").get(0).fields());
        assertFalse(f.door.outputs().buzzer() && !f.door.outputs().strikeReleased());
        assertEquals(List.of("P-001", "P-004"), f.door.status().occupants().get(0).escortIds());
    }

    @Test
    void anotherEscortStillInsideKeepsTheVisitorAccompanied() {
        Fixture f = new Fixture().in(OTHER_ESCORT).after(Duration.ofSeconds(31)).in(VISITOR).in(ESCORT).out(ESCORT);
        assertTrue(f.ofType("alarm_raised").isEmpty(), f.events.toString());
    }

    @Test
    void visitorLeavingClosesTheVisitWithEverythingTheReportNeeds() {
        Fixture f = new Fixture().in(VISITOR).in(ESCORT);
        Instant entered = f.clock.instant();
        f.after(Duration.ofMinutes(40)).out(ESCORT);
        f.after(Duration.ofMinutes(1)).out(VISITOR);
        Event done = f.ofType("visit_completed").get(0);
        assertEquals("V-1", done.fields().get("visitId"));
        assertEquals(entered, done.fields().get("enteredAt"));
        assertEquals(f.clock.instant(), done.fields().get("exitedAt"));
        assertEquals(List.of("P-001"), done.fields().get("escortIds"));
        assertEquals(List.of("visitor_unescorted"), done.fields().get("alarms"));
        assertEquals(List.of(Map.of("description", "Laptop", "serial", "ABC123")), done.fields().get("devices"));
        assertEquals("Budi", done.fields().get("visitorName"));
        assertEquals("Vendor X", done.fields().get("organization"));
        assertEquals("Replace disk", done.fields().get("purpose"));
        assertEquals("P-100", done.fields().get("approvedBy"));
        assertEquals(1, f.ofType("alarm_cleared").size(), "leaving clears the visitor's alarms");
        assertTrue(f.door.status().occupants().isEmpty());
        assertTrue(f.door.status().alarms().isEmpty());
    }

    @Test
    void visitorInsideWhenTheVisitEndsOverstays() {
        Fixture f = new Fixture().in(VISITOR).in(ESCORT);
        Instant end = f.directory.visitById("V-1").orElseThrow().validUntil();
        f.after(Duration.ofSeconds(31));
        assertEquals(Duration.between(f.clock.instant(), end), f.door.untilNextDeadline().orElseThrow(),
                "the loop wakes at the visit's end");
        f.clock.set(end.minusMillis(1));
        f.input(new Input.Tick());
        assertTrue(f.ofType("alarm_raised").isEmpty());
        f.after(Duration.ofMillis(1));
        assertEquals(Map.of("alarm", "visit_overstay", "visitId", "V-1"), f.ofType("alarm_raised").get(0).fields());
        f.out(VISITOR);
        assertEquals(Map.of("alarm", "visit_overstay", "visitId", "V-1"), f.ofType("alarm_cleared").get(0).fields());
        assertEquals(List.of("visit_overstay"), f.ofType("visit_completed").get(0).fields().get("alarms"));
    }

    @Test
    void revokingAVisitWhileTheVisitorIsInsideIsAnOverstay() {
        Fixture f = new Fixture().in(VISITOR).in(ESCORT);
        f.directory.put(f.visit("V-1", VISITOR, Visit.Status.REVOKED, -10, 60, Set.of(), Set.of()));
        f.input(new Input.Tick());
        assertEquals(Map.of("alarm", "visit_overstay", "visitId", "V-1"), f.ofType("alarm_raised").get(0).fields());
    }

    @Test
    void exitButtonLeavesOccupantsListedButUnconfirmed() {
        Fixture f = new Fixture().in(ESCORT).input(new Input.ExitButton());
        Occupant o = f.door.status().occupants().get(0);
        assertEquals("P-001", o.personId());
        assertFalse(o.confirmed());
        f.after(Duration.ofMinutes(1)).in(ESCORT);
        assertTrue(f.door.status().occupants().get(0).confirmed(), "a read confirms them again");
        f.out(ESCORT);
        assertTrue(f.door.status().occupants().isEmpty());
    }

    @Test
    void memoryCarriesOccupantsAndAlarmsAcrossARestartWithoutRaisingAgain() {
        Fixture f = new Fixture().in(VISITOR).in(ESCORT).out(ESCORT).input(new Input.Lockdown(true));
        DoorMemory memory = f.door.memory();
        assertEquals(1, memory.alarms().size());
        assertTrue(memory.lockdown());

        Door restarted = new Door(f.settings, f.directory, f.clock, f.clock, false, memory);
        assertEquals(memory, restarted.memory());
        assertEquals(List.of(), restarted.handle(new Input.Tick()), "an alarm already raised is not raised again");
        assertEquals(List.of("access_denied"), restarted.handle(new Input.BadgeRead(ReaderSide.ENTRY, VISITOR_2))
                .stream().map(Event::type).toList());
    }

    @Test
    void failSecureGoesBackToTheCommittedMemory() {
        Fixture f = new Fixture();
        DoorMemory committed = f.door.memory();
        f.in(VISITOR).in(ESCORT);
        f.door.failSecure(committed);
        assertEquals(committed, f.door.memory());
        assertFalse(f.door.outputs().strikeReleased());
        assertEquals(List.of("escort_pending"), f.door.handle(new Input.BadgeRead(ReaderSide.ENTRY, VISITOR))
                .stream().map(Event::type).toList(), "the pairing starts over");
    }
}
