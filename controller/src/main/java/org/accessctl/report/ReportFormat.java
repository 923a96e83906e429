package org.accessctl.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** The forms a report can take. */
enum ReportFormat {
    /** One page to print on A4 and archive. */
    HTML,
    /** The visits for a spreadsheet. */
    CSV;

    static ReportFormat parse(String name) throws BadReportUsage {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "html" -> HTML;
            case "csv" -> CSV;
            default -> throw new BadReportUsage("unknown --format " + name + "; expected html or csv");
        };
    }

    void write(VisitReport report, Writer out) throws IOException {
        switch (this) {
            case HTML -> HtmlReport.write(report, out);
            case CSV -> CsvReport.write(report, out);
        }
    }
}
