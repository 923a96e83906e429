package org.accessctl.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * When the persons who name this schedule may open the door alone (contract section 10): weekly
 * windows in the site's time zone, and dates that differ from the week (a holiday closed, a short
 * day). Times are the zone's wall-clock times, so daylight-saving changes move the windows with
 * the clocks on the wall; a local time skipped by a change never occurs, one repeated occurs
 * twice.
 *
 * @param exceptions by date; such a date's windows replace the week's windows that start on it
 */
public record Schedule(String scheduleId, ZoneId zone, List<Window> windows, Map<LocalDate, DateException> exceptions) {

    /** Minutes in a day: {@code to} may be this ({@code "24:00"}), the end of the day. */
    public static final int DAY_MINUTES = 24 * 60;

    /**
     * Open from {@code from} until {@code to} on each of {@code days}, in minutes of the day. A
     * window whose {@code to} is not after its {@code from} runs past midnight into the next day
     * (a night shift, 22:00 to 06:00).
     */
    public record Window(Set<DayOfWeek> days, int fromMinute, int toMinute) {
        public Window {
            days = Set.copyOf(days);
            if (fromMinute < 0 || fromMinute >= DAY_MINUTES || toMinute < 0 || toMinute > DAY_MINUTES
                    || fromMinute == toMinute) {
                throw new IllegalArgumentException("a window runs from a time of day to another");
            }
        }

        boolean overnight() {
            return toMinute <= fromMinute;
        }
    }

    /** A date that differs from the week: closed, or open only in its own windows (their days unused). */
    public record DateException(LocalDate date, boolean closed, List<Window> windows) {
        public DateException {
            windows = List.copyOf(windows);
        }
    }

    public Schedule {
        Objects.requireNonNull(scheduleId, "scheduleId");
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
        exceptions = Map.copyOf(exceptions);
    }

    /** Whether the schedule is open at {@code at}: in a window starting today, or in last night's. */
    public boolean allows(Instant at) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        LocalDate today = local.toLocalDate();
        double minute = local.toLocalTime().toSecondOfDay() / 60.0;
        for (Window w : windowsStarting(today)) {
            if (minute >= w.fromMinute() && (w.overnight() || minute < w.toMinute())) {
                return true;
            }
        }
        for (Window w : windowsStarting(today.minusDays(1))) {
            if (w.overnight() && minute < w.toMinute()) {
                return true;
            }
        }
        return false;
    }

    private List<Window> windowsStarting(LocalDate date) {
        DateException exception = exceptions.get(date);
        if (exception != null) {
            return exception.closed() ? List.of() : exception.windows();
        }
        DayOfWeek day = date.getDayOfWeek();
        return windows.stream().filter(w -> w.days().contains(day)).toList();
    }
}
