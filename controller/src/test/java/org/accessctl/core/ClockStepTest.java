package org.accessctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accessctl.testing.MapDirectory;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wall clock steps (network time after a Pi boots, {@code date -s}, a spoofed time server)
 * in the middle of everything that lasts: durations run on elapsed time and do not move.
 */
class ClockStepTest {

    private final MutableClock clock = MutableClock.atVisitMorning();
    private final MapDirectory directory = new MapDirectory();
    private final DoorSettings settings = DoorSettings.defaults("main", "door-1");
    private final Door door = new Door(settings, directory, clock, clock, false);

    ClockStepTest() {
        directory.put(new Person("P-001", "One", "0A1B2C3D4E", Set.of("access", "escort"), true, Set.of(), null));
        Instant now = clock.instant();
        directory.put(new Visit("V-1", Visit.Status.APPROVED, "Budi", "Vendor X", "Replace disk", "1122334455",
                now.minusSeconds(600), now.plusSeconds(3600), Set.of(), Set.of(), "P-100", List.of(), null));
    }

    private List<Event> after(Duration d) {
        clock.advance(d);
        return door.handle(new Input.Tick());
    }

    private List<Event> stepped(long seconds) {
        clock.step(Duration.ofSeconds(seconds));
        return door.handle(new Input.Tick());
    }

    private static List<String> types(List<Event> events) {
        return events.stream().map(Event::type).toList();
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(longs = {-3600, -600, -1, 1, 3600, 86_400})
    void aStepDuringAGrantNeitherHoldsNorCutsTheStrike(long step) {
        door.handle(new Input.ExitButton());
        after(Duration.ofSeconds(2));
        stepped(step);
        assertTrue(door.outputs().strikeReleased(), "still within the 5 s grant");
        assertEquals(Duration.ofSeconds(3), door.untilNextDeadline().orElseThrow());
        after(Duration.ofMillis(2999));
        assertTrue(door.outputs().strikeReleased());
        after(Duration.ofMillis(1));
        assertFalse(door.outputs().strikeReleased(), "relocked 5 s after the grant, whatever the date says");
        assertTrue(door.status().locked());
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(longs = {-3600, 3600})
    void aStepWhileTheDoorIsHeldOpenKeepsTheAlarmOnTime(long step) {
        door.handle(new Input.ExitButton());
        door.handle(new Input.DoorContact(true));
        after(Duration.ofSeconds(10));
        assertEquals(List.of(), stepped(step), "a step forward raises nothing early");
        assertEquals(List.of(), after(Duration.ofMillis(19_999)));
        List<Event> held = after(Duration.ofMillis(1));
        assertEquals(List.of("alarm_raised"), types(held));
        assertEquals(Map.of("alarm", "door_held_open"), held.get(0).fields());
        assertEquals(clock.instant(), held.get(0).at(), "the event is dated by the wall clock");
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(longs = {-600, 600})
    void aStepDuringTheEscortWindowNeitherEndsNorExtendsIt(long step) {
        List<Event> pending = door.handle(new Input.BadgeRead(ReaderSide.ENTRY, "1122334455"));
        assertEquals(List.of("escort_pending"), types(pending));
        after(Duration.ofSeconds(10));
        assertEquals(List.of(), stepped(step), "the window does not end on a step");
        after(Duration.ofSeconds(19));
        List<Event> admitted = door.handle(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        assertEquals(List.of("access_granted", "access_granted"), types(admitted), "29 s after the visitor: in time");
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(longs = {-600, 600})
    void theEscortWindowEndsThirtySecondsAfterTheTapDespiteAStep(long step) {
        door.handle(new Input.BadgeRead(ReaderSide.ENTRY, "1122334455"));
        stepped(step);
        assertEquals(List.of(), after(Duration.ofMillis(29_999)));
        List<Event> expired = after(Duration.ofMillis(1));
        assertEquals(List.of("access_denied"), types(expired));
        assertEquals("escort_required", expired.get(0).fields().get("reason"));
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(longs = {-3600, 3600})
    void aStepDoesNotMoveTheDenialSignal(long step) {
        door.handle(new Input.BadgeRead(ReaderSide.ENTRY, "FFFFFFFFFF"));
        stepped(step);
        assertTrue(door.outputs().buzzer());
        after(settings.denialSignal());
        assertFalse(door.outputs().buzzer());
    }

    @ParameterizedTest(name = "step {0} s")
    @ValueSource(longs = {-7200, 7200})
    void theVisitWindowIsADateAndFollowsTheStep(long step) {
        clock.step(Duration.ofSeconds(step));
        List<Event> tapped = door.handle(new Input.BadgeRead(ReaderSide.ENTRY, "1122334455"));
        assertEquals(List.of("access_denied"), types(tapped));
        assertEquals(step < 0 ? "visit_not_started" : "visit_expired", tapped.get(0).fields().get("reason"));
    }
}
