package org.accessctl.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The days a report covers, both ends included. A visit belongs to the day written in its
 * {@code exitedAt}: the door's local date when the visitor left, taken from the offset the
 * door recorded, not from the zone of the computer that makes the report. So a report made
 * anywhere lists the same visits for the same dates, and they match the times printed in it.
 */
record ReportPeriod(LocalDate from, LocalDate to) {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** @throws BadReportUsage when a date is not a real {@code YYYY-MM-DD} or from is after to */
    static ReportPeriod parse(String from, String to) throws BadReportUsage {
        ReportPeriod period = new ReportPeriod(date("--from", from), date("--to", to));
        if (period.from.isAfter(period.to)) {
            throw new BadReportUsage("--from " + from + " is after --to " + to);
        }
        return period;
    }

    private static LocalDate date(String option, String text) throws BadReportUsage {
        // The pattern first: LocalDate.parse alone would also take a signed year such as +12026-01-01.
        if (DATE.matcher(text).matches()) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                // a day that does not exist, such as 2026-02-30: refused below
            }
        }
        throw new BadReportUsage(option + " " + text + " is not a date; expected YYYY-MM-DD, e.g. 2026-11-01");
    }

    boolean contains(OffsetDateTime exitedAt) {
        LocalDate day = exitedAt.toLocalDate();
        return !day.isBefore(from) && !day.isAfter(to);
    }

    /** e.g. {@code 2026-11-01 to 2026-11-30}, or one date for a single day. */
    String describe() {
        return from.equals(to) ? from.toString() : from + " to " + to;
    }
}
