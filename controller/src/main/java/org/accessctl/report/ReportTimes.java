package org.accessctl.report;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How times and lengths of stay are written in a report: short, as on a paper form. */
final class ReportTimes {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm xxx");

    private ReportTimes() {
    }

    /** The local time as the door wrote it, e.g. {@code 2026-11-23 09:03}. */
    static String minute(OffsetDateTime at) {
        return at.format(MINUTE);
    }

    /** When the report was made, with its offset, since it may be made far from the door. */
    static String generated(ZonedDateTime at) {
        return at.format(WITH_OFFSET);
    }

    /**
     * e.g. {@code 1 h 05 min}, {@code 45 min}, {@code under 1 min}; empty when the visitor was
     * not recorded entering, or when the times go backwards (the door's clock was corrected
     * during the visit), since no length of stay can be claimed then.
     */
    static String duration(OffsetDateTime enteredAt, OffsetDateTime exitedAt) {
        if (enteredAt == null || exitedAt.isBefore(enteredAt)) {
            return "";
        }
        long minutes = Duration.between(enteredAt, exitedAt).toMinutes();
        if (minutes == 0) {
            return "under 1 min";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        return minutes / 60 + " h " + String.format("%02d", minutes % 60) + " min";
    }
}
