package org.accessctl.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The visits as CSV (RFC 4180: CRLF line ends, a header row), one row per visit, for offices
 * that keep their records in a spreadsheet. Lists (escorts, devices, alarms) are joined with
 * {@code "; "}, so each visit stays one row. Totals are left to the spreadsheet: a row of
 * totals among the visits would be counted as a visit by anyone who sums the file.
 */
final class CsvReport {

    static final List<String> HEADER = List.of("Visit", "Visitor", "Organisation", "Purpose", "Escorts",
            "Approved by", "Time in", "Time out", "Duration", "Devices", "Alarms");

    private static final String CRLF = "\r\n";

    private CsvReport() {
    }

    static void write(VisitReport report, Writer out) throws IOException {
        row(out, HEADER);
        for (VisitRow v : report.visits()) {
            row(out, List.of(v.visitId(), v.visitorName(), v.organization(), v.purpose(), joined(v.escorts()),
                    v.approver(), v.timeIn(), v.timeOut(), v.duration(), joined(v.devices()), joined(v.alarms())));
        }
    }

    private static void row(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(CsvField.of(fields.get(i)));
        }
        out.write(CRLF);
    }

    private static String joined(List<String> items) {
        return String.join("; ", items);
    }
}
