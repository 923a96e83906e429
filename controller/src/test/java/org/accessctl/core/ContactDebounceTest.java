package org.accessctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.testing.MapDirectory;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** A reed switch bounces: a contact change counts only once it has stayed 50 ms. */
class ContactDebounceTest {

    private static final Duration DEBOUNCE = Duration.ofMillis(50);

    private final MutableClock clock = MutableClock.atVisitMorning();
    private final DoorSettings settings = DoorSettings.defaults("main", "door-1").withContactDebounce(DEBOUNCE);
    private final Door door = new Door(settings, new MapDirectory(), clock, clock, false);
    private final List<Event> events = new ArrayList<>();

    private void contact(boolean open) {
        events.addAll(door.handle(new Input.DoorContact(open)));
    }

    private void after(Duration d) {
        clock.advance(d);
        events.addAll(door.handle(new Input.Tick()));
    }

    /** A burst of bounces, a few milliseconds apart, starting with the given level. */
    private void burst(boolean first, int edges) {
        boolean level = first;
        for (int i = 0; i < edges; i++) {
            contact(level);
            level = !level;
            clock.advance(Duration.ofMillis(3));
        }
    }

    private List<String> types() {
        return events.stream().map(Event::type).toList();
    }

    @Test
    void aBurstThatEndsOpenIsOneOpeningOnceItHasStayed() {
        door.handle(new Input.ExitButton());
        burst(true, 9); // open, closed, open, ... open
        assertEquals(List.of(), types(), "nothing counts while it bounces");
        assertEquals(DEBOUNCE.minusMillis(3), door.untilNextDeadline().orElseThrow(), "the loop wakes when it has stayed");
        after(DEBOUNCE.minusMillis(4));
        assertEquals(List.of(), types());
        after(Duration.ofMillis(1));
        assertEquals(List.of("door_opened"), types(), "one opening, during the grant: no alarm");
    }

    @Test
    void aBurstThatEndsClosedIsNothing() {
        burst(true, 10); // open, closed, ... closed
        after(Duration.ofSeconds(1));
        assertEquals(List.of(), types(), "no door_opened and no door_forced_open from a bounce");
        assertTrue(door.status().alarms().isEmpty());
    }

    @Test
    void bouncesOnClosingDoNotEndTheGrantEarly() {
        door.handle(new Input.ExitButton());
        contact(true);
        after(DEBOUNCE);
        assertEquals(List.of("door_opened"), types());
        // The door swings back and the reed switch chatters, then the person holds it open again.
        burst(false, 4); // closed, open, closed, open
        after(Duration.ofSeconds(1));
        assertEquals(List.of("door_opened"), types(), "the bounce did not close the door");
        assertTrue(door.outputs().strikeReleased(), "the grant was not ended by the chatter");
    }

    @Test
    void aBounceAtTheStrikeDoesNotRaiseForcedOpen() {
        burst(true, 2); // open, closed: the strike rattles the door in its frame
        after(Duration.ofMinutes(1));
        assertEquals(List.of(), types());
        assertFalse(door.status().doorOpen());
    }

    @Test
    void withoutDebounceEveryChangeCountsAtOnce() {
        Door plain = new Door(DoorSettings.defaults("main", "door-1"), new MapDirectory(), clock, clock, false);
        assertEquals(List.of("door_opened", "alarm_raised"),
                plain.handle(new Input.DoorContact(true)).stream().map(Event::type).toList());
    }
}
