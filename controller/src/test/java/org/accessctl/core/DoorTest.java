package org.accessctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accessctl.testing.MapDirectory;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DoorTest {

    private final MutableClock clock = MutableClock.atVisitMorning();
    private final MapDirectory directory = new MapDirectory();
    private final DoorSettings settings = DoorSettings.defaults("main", "door-1");
    private Door door = new Door(settings, directory, clock, clock, false);

    private Person staff(String id, String badge, boolean active, Set<String> roles, Set<String> doors) {
        return directory.put(new Person(id, "Staff " + id, badge, roles, active, doors, null));
    }

    private List<Event> tap(String uid) {
        return door.handle(new Input.BadgeRead(ReaderSide.ENTRY, uid));
    }

    private List<Event> after(Duration d) {
        clock.advance(d);
        return door.handle(new Input.Tick());
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    @Test
    void startsLockedAndQuiet() {
        assertEquals(Outputs.SECURE, door.outputs());
        assertTrue(door.status().locked());
        assertEquals(Optional.empty(), door.untilNextDeadline());
    }

    @Test
    void staffBadgeReleasesStrikeForStrikeTimeThenRelocks() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of());
        List<Event> events = tap("0A1B2C3D4E");

        assertEquals(List.of("access_granted"), types(events));
        Event granted = events.get(0);
        assertEquals(Map.of("direction", "in", "via", "badge", "personId", "P-001"), granted.fields());
        assertEquals(new Outputs(true, true, false, false), door.outputs());
        assertEquals(Optional.of(settings.strikeTime()), door.untilNextDeadline());

        assertEquals(List.of(), after(Duration.ofMillis(4999)));
        assertTrue(door.outputs().strikeReleased());
        assertEquals(List.of(), after(Duration.ofMillis(1)));
        assertEquals(Outputs.SECURE, door.outputs());
        assertTrue(door.status().locked());
    }

    @Test
    void closingTheDoorAfterPassingRelocksBeforeStrikeTime() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of());
        tap("0A1B2C3D4E");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of("door_opened"), types(door.handle(new Input.DoorContact(true))));
        assertTrue(door.outputs().strikeReleased(), "strike stays released while the person passes");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of("door_closed"), types(door.handle(new Input.DoorContact(false))));
        assertEquals(Outputs.SECURE, door.outputs());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "unknown badge,        FFFFFFFFFF, true,  access, '',      unknown_badge",
        "deactivated person,   0A1B2C3D4E, false, access, '',      inactive",
        "other door only,      0A1B2C3D4E, true,  access, door-2,  wrong_door",
        "operator role only,   0A1B2C3D4E, true,  operator, '',    escort_required",
    })
    void deniesWithTheReason(String name, String tapped, boolean active, String role, String doors, String reason) {
        staff("P-001", "0A1B2C3D4E", active, Set.of(role), doors.isEmpty() ? Set.of() : Set.of(doors));
        List<Event> events = tap(tapped);

        assertEquals(List.of("access_denied"), types(events));
        Map<String, Object> expected = new HashMap<>(Map.of("direction", "in", "badgeUid", tapped, "reason", reason));
        if (!reason.equals("unknown_badge")) {
            expected.put("personId", "P-001");
        }
        assertEquals(expected, events.get(0).fields());
        assertEquals(new Outputs(false, false, true, true), door.outputs(), "red LED and buzzer signal the denial");
        after(settings.denialSignal());
        assertEquals(Outputs.SECURE, door.outputs(), "the denial signal is short");
    }

    @Test
    void personAllowedOnThisDoorByNameIsAdmitted() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of("door-2", "door-1"));
        assertEquals(List.of("access_granted"), types(tap("0A1B2C3D4E")));
    }

    @Test
    void openingWithoutGrantIsForcedUntilClosed() {
        List<Event> opened = door.handle(new Input.DoorContact(true));
        assertEquals(List.of("door_opened", "alarm_raised"), types(opened));
        assertEquals(Map.of("alarm", "door_forced_open"), opened.get(1).fields());
        assertEquals(new Outputs(false, false, true, true), door.outputs());
        assertEquals(1, door.status().alarms().size());

        assertEquals(List.of(), after(Duration.ofMinutes(5)), "a forced door stays one alarm");
        assertTrue(door.outputs().buzzer(), "the alarm sounds until cleared");

        List<Event> closed = door.handle(new Input.DoorContact(false));
        assertEquals(List.of("door_closed", "alarm_cleared"), types(closed));
        assertEquals(Map.of("alarm", "door_forced_open"), closed.get(1).fields());
        assertEquals(Outputs.SECURE, door.outputs());
        assertTrue(door.status().alarms().isEmpty());
    }

    @Test
    void openingAfterTheStrikeRelockedIsForced() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of());
        tap("0A1B2C3D4E");
        clock.advance(settings.strikeTime());
        assertEquals(List.of("door_opened", "alarm_raised"), types(door.handle(new Input.DoorContact(true))));
    }

    @Test
    void doorHeldOpenAfterGrantAlarmsUntilClosed() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of());
        tap("0A1B2C3D4E");
        door.handle(new Input.DoorContact(true));
        assertEquals(List.of(), after(settings.heldOpenTime().minusMillis(1)));
        assertFalse(door.outputs().strikeReleased(), "the strike relocked after strikeTime while open");
        List<Event> held = after(Duration.ofMillis(1));
        assertEquals(List.of("alarm_raised"), types(held));
        assertEquals(Map.of("alarm", "door_held_open"), held.get(0).fields());
        assertTrue(door.outputs().buzzer());

        List<Event> closed = door.handle(new Input.DoorContact(false));
        assertEquals(List.of("door_closed", "alarm_cleared"), types(closed));
        assertEquals(Outputs.SECURE, door.outputs());
    }

    @Test
    void exitButtonGrantsAnExit() {
        List<Event> events = door.handle(new Input.ExitButton());
        assertEquals(List.of("access_granted"), types(events));
        assertEquals(Map.of("direction", "out", "via", "rex"), events.get(0).fields());
        assertTrue(door.outputs().strikeReleased());
        assertEquals(List.of("door_opened"), types(door.handle(new Input.DoorContact(true))));
    }

    @Test
    void exitReaderNeverRefuses() {
        staff("P-001", "0A1B2C3D4E", false, Set.of("access"), Set.of("door-9"));
        List<Event> known = door.handle(new Input.BadgeRead(ReaderSide.EXIT, "0A1B2C3D4E"));
        assertEquals(Map.of("direction", "out", "via", "badge", "personId", "P-001"), known.get(0).fields());
        List<Event> unknown = door.handle(new Input.BadgeRead(ReaderSide.EXIT, "FFFFFFFFFF"));
        assertEquals(Map.of("direction", "out", "via", "badge", "badgeUid", "FFFFFFFFFF"), unknown.get(0).fields());
        assertTrue(door.outputs().strikeReleased());
    }

    @Test
    void aRepeatedContactLevelIsNoChange() {
        door.handle(new Input.DoorContact(true));
        assertEquals(List.of(), door.handle(new Input.DoorContact(true)));
    }

    @Test
    void doorOpenAtStartIsWatchedForHeldOpenButNotCalledForced() {
        door = new Door(settings, new MapDirectory(), clock, clock, true);
        assertTrue(door.status().doorOpen());
        assertTrue(door.status().alarms().isEmpty());
        assertEquals(List.of("alarm_raised"), types(after(settings.heldOpenTime())));
    }

    @Test
    void grantDuringDenialSignalShowsGreenAtOnce() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of());
        tap("FFFFFFFFFF");
        tap("0A1B2C3D4E");
        assertEquals(new Outputs(true, true, false, false), door.outputs());
    }

    @Test
    void eventsCarryTheTimeOfTheInput() {
        staff("P-001", "0A1B2C3D4E", true, Set.of("access"), Set.of());
        clock.advance(Duration.ofSeconds(42));
        assertEquals(clock.instant(), tap("0A1B2C3D4E").get(0).at());
    }
}
