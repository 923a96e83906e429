package org.accessctl.records;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accessctl.core.Schedule;
import org.accessctl.json.JsonObject;

/**
 * Turns a schedule payload into a {@link Schedule}, or refuses it with a reason that names the
 * field (contract section 10). A schedule the door cannot read exactly is refused whole: a window
 * guessed wrong would let someone in at night.
 */
public final class ScheduleRecords {

    /** More than a week needs: a shift pattern per day with room to spare. */
    static final int MAX_WINDOWS = 64;
    /** Years of public holidays. */
    static final int MAX_EXCEPTIONS = 1000;
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-4]):([0-5][0-9])");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    private ScheduleRecords() {
    }

    public static Schedule decode(String topicId, byte[] payload) throws RecordRefused {
        JsonObject o = RecordFields.parse(payload);
        String scheduleId = RecordFields.id(o, "scheduleId", topicId);
        String zoneText = RecordFields.read(() -> o.requireString("timezone"));
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new RecordRefused("field \"timezone\": \"" + clip(zoneText)
                    + "\" is not a time zone such as Asia/Jakarta");
        }
        List<JsonObject> windowList = RecordFields.read(() -> o.requireObjectList("windows"));
        List<Schedule.Window> windows = windows("windows", windowList, true);
        List<JsonObject> exceptionList = RecordFields.read(() -> o.optionalObjectList("exceptions")).orElse(List.of());
        if (exceptionList.size() > MAX_EXCEPTIONS) {
            throw new RecordRefused("field \"exceptions\": more than " + MAX_EXCEPTIONS + " dates");
        }
        Map<LocalDate, Schedule.DateException> exceptions = new LinkedHashMap<>();
        for (int i = 0; i < exceptionList.size(); i++) {
            Schedule.DateException e = exception("exceptions[" + i + "]", exceptionList.get(i));
            if (exceptions.put(e.date(), e) != null) {
                throw new RecordRefused("field \"exceptions[" + i + "].date\": " + e.date() + " is listed twice");
            }
        }
        return new Schedule(scheduleId, zone, windows, exceptions);
    }

    private static Schedule.DateException exception(String field, JsonObject o) throws RecordRefused {
        String dateText = RecordFields.read(() -> o.requireString("date"));
        LocalDate date;
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new RecordRefused("field \"" + field + ".date\": expected a date such as 2026-12-25");
        }
        boolean closed = RecordFields.read(() -> o.optionalBoolean("closed")).orElse(false);
        List<JsonObject> windowList = RecordFields.read(() -> o.optionalObjectList("windows")).orElse(List.of());
        if (closed == !windowList.isEmpty()) {
            throw new RecordRefused("field \"" + field + "\": expected either \"closed\": true or its own \"windows\"");
        }
        return new Schedule.DateException(date, closed, windows(field + ".windows", windowList, false));
    }

    private static List<Schedule.Window> windows(String field, List<JsonObject> list, boolean weekly)
            throws RecordRefused {
        if (list.size() > MAX_WINDOWS) {
            throw new RecordRefused("field \"" + field + "\": more than " + MAX_WINDOWS + " windows");
        }
        List<Schedule.Window> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            JsonObject w = list.get(i);
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            if (weekly) {
                List<String> names = RecordFields.read(() -> w.requireStringList("days"));
                for (String name : names) {
                    int d = DAYS.indexOf(name.toLowerCase(Locale.ROOT));
                    if (d < 0) {
                        throw new RecordRefused("field \"" + at + ".days\": \"" + clip(name)
                                + "\" is not one of " + String.join(", ", DAYS));
                    }
                    days.add(DayOfWeek.of(d + 1));
                }
                if (days.isEmpty()) {
                    throw new RecordRefused("field \"" + at + ".days\": expected at least one day");
                }
            }
            int from = minute(at + ".from", RecordFields.read(() -> w.requireString("from")), false);
            int to = minute(at + ".to", RecordFields.read(() -> w.requireString("to")), true);
            if (from == to) {
                throw new RecordRefused("field \"" + at + "\": \"from\" and \"to\" are the same time");
            }
            out.add(new Schedule.Window(days, from, to));
        }
        return out;
    }

    /** {@code "HH:MM"} as minutes of the day; {@code "24:00"} only as a window's end. */
    private static int minute(String field, String text, boolean end) throws RecordRefused {
        Matcher m = TIME.matcher(text);
        int minute = m.matches() ? Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)) : -1;
        if (minute < 0 || minute > Schedule.DAY_MINUTES || (minute == Schedule.DAY_MINUTES && !end)) {
            throw new RecordRefused("field \"" + field + "\": expected a time of day such as 07:30"
                    + (end ? " (or 24:00 for the end of the day)" : ""));
        }
        return minute;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
