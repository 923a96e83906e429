package org.accessctl.report;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The {@code report} command: the visit report of SOP step 8 ("laporan kegiatan di ruang
 * server"), made from the event logs of a site's doors (one or several). Exit 0 with the report (also when the period has no
 * visits: the report says so), 2 with a one-line reason on standard error when the command is
 * misused or a file cannot be read or written.
 */
public final class ReportCommand {

    public static final int OK = 0;
    /** The report was made, but a door's chain is broken: its log was altered or lost events. */
    public static final int REFUSED = 1;
    public static final int USAGE = 2;

    public static final String HELP = """
            usage: java -jar door-controller.jar report (--db FILE | --events FILE)... --from YYYY-MM-DD
                                                        --to YYYY-MM-DD [--format html|csv] [--out FILE]

            The visit report of the server-room procedure: every visit whose visitor left between the
            two dates (both included, by the door's local date), with visitor, organisation, purpose,
            escorts, approver, time in and out, devices and alarms; then the number of visits and
            visitors, visits by purpose, and lines to sign. Several doors' logs make one report of
            their site, each door's chain verified on its own.
              --db FILE        a door's SQLite database, opened read-only (a copy is fine); repeat
                               it for each door of the site
              --events FILE    a file of published events, one JSON a line (a door's, or a whole
                               site's as one subscriber on P/S/doors/+/events saved them); may be
                               repeated and combined with --db
              --from, --to     the first and last day of the period, e.g. 2026-11-01 and 2026-11-30
              --format html    one page to print on A4 (the default)
              --format csv     one row per visit, for a spreadsheet (UTF-8, comma-separated)
              --out FILE       write the report to FILE, replacing it; standard output otherwise
            Exit 0 with the report; 1 with the report when a door's chain is broken (named in the report
            and on standard error); 2 when an option is wrong, the logs are of several sites, or a file
            cannot be read or written.""";

    private ReportCommand() {
    }

    /** @param args the arguments after the command name */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, Clock.systemDefaultZone());
    }

    /** @param clock gives the report's "generated" time, in the zone of whoever makes it */
    static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        ReportArguments a;
        try {
            a = ReportArguments.parse(args);
        } catch (BadReportUsage e) {
            err.println(e.getMessage() + "; " + ReportArguments.USAGE_LINE);
            return USAGE;
        }
        try {
            VisitReportReader.Read read = VisitReportReader.read(a, ZonedDateTime.now(clock));
            VisitReport report = read.report();
            ReportOutput.Content content = w -> a.format().write(report, w);
            if (a.out() == null) {
                ReportOutput.toStream(out, content);
            } else {
                ReportOutput.toFile(a.out(), content);
            }
            // A report missing visits must not pass unnoticed, whichever format hides the note.
            report.problems().forEach(p -> err.println("warning: " + p));
            return read.chainsHold() ? OK : REFUSED;
        } catch (BadReportUsage e) {
            err.println(e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("cannot write " + (a.out() == null ? "the report" : a.out()) + ": " + e.getMessage());
            return USAGE;
        }
    }
}
