package org.accessctl.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a schedule is open: weekly windows, nights, dates that differ, and the clocks changing. */
class ScheduleTest {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private static Schedule.Window window(Set<DayOfWeek> days, String from, String to) {
        return new Schedule.Window(days, minutes(from), minutes(to));
    }

    private static int minutes(String hhmm) {
        return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
    }

    private static Schedule schedule(ZoneId zone, List<Schedule.Window> windows, Schedule.DateException... exceptions) {
        Map<LocalDate, Schedule.DateException> byDate = new java.util.HashMap<>();
        for (Schedule.DateException e : exceptions) {
            byDate.put(e.date(), e);
        }
        return new Schedule("s", zone, windows, byDate);
    }

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    private static final Schedule OFFICE = schedule(JAKARTA, List.of(window(WEEKDAYS, "07:30", "17:00")),
            new Schedule.DateException(LocalDate.parse("2026-12-25"), true, List.of()),
            new Schedule.DateException(LocalDate.parse("2026-12-24"), false, List.of(window(Set.of(), "07:30", "12:00"))),
            new Schedule.DateException(LocalDate.parse("2026-12-26"), false, List.of(window(Set.of(), "09:00", "13:00"))));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-23T07:29:59, false", // Monday, before the window
            "2026-11-23T07:30:00, true",  // the window's first second
            "2026-11-23T16:59:59, true",
            "2026-11-23T17:00:00, false", // its end is not in it
            "2026-11-28T10:00:00, false", // Saturday
            "2026-12-25T10:00:00, false", // a Friday, closed by date
            "2026-12-24T11:59:00, true",  // a Thursday with its own short day
            "2026-12-24T12:00:00, false",
            "2026-12-26T10:00:00, true",  // a Saturday opened by date
    })
    void officeHoursInJakarta(String local, boolean open) {
        assertEquals(open, OFFICE.allows(at(local, JAKARTA)));
    }

    @Test
    void theZoneDecidesNotTheDoorsClock() {
        // 09:00 in Jakarta is 02:00 UTC: open, whatever zone the door's clock is in.
        assertTrue(OFFICE.allows(Instant.parse("2026-11-23T02:00:00Z")));
        assertFalse(OFFICE.allows(Instant.parse("2026-11-23T11:00:00Z")), "18:00 in Jakarta");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-23T21:59:00, false",
            "2026-11-23T22:00:00, true",  // Monday night
            "2026-11-24T05:59:59, true",  // into Tuesday morning
            "2026-11-24T06:00:00, false",
            "2026-11-27T23:00:00, true",  // Friday night
            "2026-11-28T03:00:00, true",  // runs into Saturday, a day with no window of its own
            "2026-11-28T22:30:00, false", // Saturday night: no shift starts
            "2026-11-29T02:00:00, false",
            "2026-12-01T02:00:00, false", // Monday night was closed by date, so its morning is too
    })
    void aNightShiftRunsPastMidnight(String local, boolean open) {
        Schedule night = schedule(JAKARTA, List.of(window(WEEKDAYS, "22:00", "06:00")),
                new Schedule.DateException(LocalDate.parse("2026-11-30"), true, List.of()));
        assertEquals(open, night.allows(at(local, JAKARTA)));
    }

    @Test
    void untilTheEndOfTheDay() {
        Schedule allDay = schedule(JAKARTA, List.of(window(EnumSet.of(DayOfWeek.SUNDAY), "00:00", "24:00")));
        assertTrue(allDay.allows(at("2026-11-29T00:00:00", JAKARTA)));
        assertTrue(allDay.allows(at("2026-11-29T23:59:59", JAKARTA)));
        assertFalse(allDay.allows(at("2026-11-30T00:00:00", JAKARTA)));
    }

    @Test
    void springForwardMovesTheWindowWithTheClocks() {
        // Berlin, 29 March 2026: 02:00 becomes 03:00. A 07:30 start is 05:30 UTC after, 06:30 before.
        Schedule early = schedule(BERLIN, List.of(window(EnumSet.allOf(DayOfWeek.class), "07:30", "08:00")));
        assertTrue(early.allows(Instant.parse("2026-03-28T06:30:00Z")));
        assertFalse(early.allows(Instant.parse("2026-03-29T06:30:00Z")), "08:30 local after the change");
        assertTrue(early.allows(Instant.parse("2026-03-29T05:30:00Z")));
        // A window inside the skipped hour never opens that day; one across it lasts an hour less.
        Schedule skipped = schedule(BERLIN, List.of(window(EnumSet.allOf(DayOfWeek.class), "02:15", "02:45")));
        Instant start = Instant.parse("2026-03-28T23:00:00Z"); // midnight local
        assertEquals(Duration.ZERO, openDuring(skipped, start, Duration.ofDays(1)));
        Schedule across = schedule(BERLIN, List.of(window(EnumSet.allOf(DayOfWeek.class), "01:00", "04:00")));
        assertEquals(Duration.ofHours(2), openDuring(across, start, Duration.ofDays(1)));
    }

    @Test
    void fallBackOpensARepeatedHourTwice() {
        // Berlin, 25 October 2026: 03:00 becomes 02:00 again; 02:00 to 03:00 local happens twice.
        Schedule repeated = schedule(BERLIN, List.of(window(EnumSet.allOf(DayOfWeek.class), "02:00", "03:00")));
        Instant start = Instant.parse("2026-10-24T22:00:00Z"); // midnight local
        assertEquals(Duration.ofHours(2), openDuring(repeated, start, Duration.ofDays(1)));
        Schedule night = schedule(BERLIN, List.of(window(EnumSet.allOf(DayOfWeek.class), "22:00", "06:00")));
        assertEquals(Duration.ofHours(9), openDuring(night, Instant.parse("2026-10-24T20:00:00Z"), Duration.ofHours(12)),
                "the night of the change is an hour longer");
    }

    /** How long the schedule is open in [start, start + span), minute by minute. */
    private static Duration openDuring(Schedule s, Instant start, Duration span) {
        long open = 0;
        for (Instant t = start; t.isBefore(start.plus(span)); t = t.plusSeconds(60)) {
            open += s.allows(t) ? 1 : 0;
        }
        return Duration.ofMinutes(open);
    }

    @Test
    void aWindowRunsFromOneTimeToAnother() {
        assertThrows(IllegalArgumentException.class, () -> window(WEEKDAYS, "07:00", "07:00"));
        assertThrows(IllegalArgumentException.class, () -> new Schedule.Window(WEEKDAYS, 24 * 60, 60));
    }
}
