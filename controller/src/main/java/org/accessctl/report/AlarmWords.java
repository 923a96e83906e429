package org.accessctl.report;

import java.util.Map;
import org.accessctl.core.Alarm;

/** The alarms of a visit in words for the people who read and sign the report. */
final class AlarmWords {

    private static final Map<String, String> WORDS = Map.of(
            Alarm.VISITOR_UNESCORTED, "left without escort",
            Alarm.VISIT_OVERSTAY, "stayed past the end of the visit",
            Alarm.LONE_OCCUPANT, "one staff member alone inside (two-person rule)",
            Alarm.OVERRIDE, "break-glass override by two operators while inside");

    private AlarmWords() {
    }

    /** The words for an alarm; an alarm this version does not know is shown by its code, never dropped. */
    static String of(String alarm) {
        return WORDS.getOrDefault(alarm, alarm);
    }
}
