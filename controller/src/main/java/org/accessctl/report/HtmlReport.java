package org.accessctl.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The report as one HTML page to print and archive (SOP step 8). Self-contained, with no
 * scripts, fonts or images from elsewhere: it is opened years later, on offline machines.
 * Laid out for A4; the visits table may run over several pages and repeats its header on
 * each. It ends with the approval chain's signature lines, to be signed on paper.
 */
final class HtmlReport {

    static final String TITLE = "Server room visit report";

    /**
     * Portrait A4 leaves 180 mm for eleven fields, so the visits table has fixed column widths
     * (a long name wraps in its own cell instead of squeezing the others), times wrap between
     * date and time, and the visit id sits under the visitor.
     */
    private static final String STYLE = """
            @page { size: A4; margin: 15mm }
            @page { @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 7pt Arial, sans-serif } }
            * { box-sizing: border-box }
            body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif; font-size: 9pt; color: #000;
                   margin: 0; line-height: 1.25 }
            h1 { font-size: 16pt; margin: 0 0 3mm }
            h2 { font-size: 11pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid }
            table { border-collapse: collapse }
            th, td { text-align: left; vertical-align: top }
            .facts th { font-weight: normal; padding: 0.5mm 5mm 0.5mm 0 }
            .facts td { font-weight: bold; padding: 0.5mm 0 }
            .visits { width: 100%; table-layout: fixed; font-size: 7.5pt }
            .visits thead { display: table-header-group }
            .visits tr { break-inside: avoid; page-break-inside: avoid }
            .visits th, .visits td { border: 0.25mm solid #444; padding: 0.8mm 1mm; overflow-wrap: anywhere }
            .visits th { background: #e6e6e6; -webkit-print-color-adjust: exact; print-color-adjust: exact }
            .visits .no { text-align: right }
            .visits .name { font-weight: bold }
            .visits .id { color: #333; white-space: nowrap }
            .visits .unbroken { white-space: nowrap }
            .visits ul { margin: 0; padding: 0; list-style: none }
            .visits li + li { margin-top: 0.6mm }
            .visits .alarm { font-weight: bold }
            .visits .missing { font-style: italic }
            .none { font-style: italic }
            .problems { border: 0.5mm solid #000; padding: 2mm; margin: 3mm 0 }
            .problems ul { margin: 1mm 0 0; padding-left: 5mm }
            .totals th { font-weight: normal; padding: 0.5mm 6mm 0.5mm 0 }
            .totals td { text-align: right; font-weight: bold; padding: 0.5mm 0 }
            .purposes { margin-top: 3mm }
            .purposes th, .purposes td { border: 0.25mm solid #444; padding: 0.8mm 2mm }
            .purposes th { background: #e6e6e6; -webkit-print-color-adjust: exact; print-color-adjust: exact }
            .purposes td.count { text-align: right }
            .closing { break-inside: avoid; page-break-inside: avoid }
            .signatures { width: 100%; margin-top: 10mm; table-layout: fixed }
            .signatures td { padding: 0 8mm 0 0; vertical-align: top }
            .signatures .role { font-weight: bold; height: 24mm }
            .signatures .line { border-bottom: 0.25mm solid #000; padding-top: 4mm }
            .note { margin-top: 6mm; font-size: 7.5pt; color: #333 }
            """;

    /** A column of the visits table: its width in percent of the page's width, and its heading. */
    private record Column(String cssClass, String widthPercent, String heading) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("no", "4", "No."), new Column("", "14", "Visitor / organisation / visit"),
            new Column("", "12", "Purpose"), new Column("", "12", "Escorts"), new Column("", "10", "Approved by"),
            new Column("", "9", "Time in"), new Column("", "9", "Time out"), new Column("", "8", "Duration"),
            new Column("", "12", "Devices"), new Column("", "10", "Alarms"));

    /** The approval chain of SOP step 8, in the order the report goes up it. */
    private static final List<String> SIGNATURES = List.of(
            "Prepared by (operator)", "Checked by (coordinator)", "Approved by (head of division)");

    private final Writer out;

    private HtmlReport(Writer out) {
        this.out = out;
    }

    static void write(VisitReport report, Writer out) throws IOException {
        new HtmlReport(out).page(report);
    }

    private void page(VisitReport r) throws IOException {
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.write("<title>" + text(TITLE + " " + r.period().describe()) + "</title>\n");
        out.write("<style>\n" + STYLE + footer(r.period()) + "</style>\n</head>\n<body>\n");
        out.write("<h1>" + TITLE + "</h1>\n");
        facts(r);
        problems(r.problems());
        out.write("<h2>Visits</h2>\n");
        if (r.visits().isEmpty()) {
            out.write("<p class=\"none\">No visits were completed in this period.</p>\n");
        } else {
            visits(r.visits());
        }
        overrides(r.overrides());
        totals(r.totals());
        // The lines to sign stay together with the note on what the report is, on one page.
        out.write("<div class=\"closing\">\n");
        signatures();
        out.write("<p class=\"note\">Made from the door's event log. Times are the door's local time, as it "
                + "recorded them; a visit belongs to the day its visitor left. Escorts and approvers are named "
                + "from the personnel records held by the door when the report was made.</p>\n</div>\n");
        out.write("</body>\n</html>\n");
    }

    /**
     * Names the report at the foot of every page, so a sheet that comes loose from the archive
     * can be put back. Only the title and the dates go into this CSS string: both are ours, never
     * text from the log, so nothing there needs CSS escaping.
     */
    private static String footer(ReportPeriod period) {
        return "@page { @bottom-left { content: \"" + TITLE + ", " + period.describe()
                + "\"; font: 7pt Arial, sans-serif } }\n";
    }

    private void facts(VisitReport r) throws IOException {
        out.write("<table class=\"facts\">\n");
        fact("Site", String.join(", ", r.doors().stream().map(DoorName::site).distinct().toList()));
        fact("Door", String.join(", ", r.doors().stream().map(DoorName::door).distinct().toList()));
        fact("Period", r.period().describe());
        fact("Generated", r.generated());
        out.write("</table>\n");
    }

    private void fact(String name, String value) throws IOException {
        out.write("<tr><th>" + text(name) + "</th><td>" + text(value.isEmpty() ? "unknown" : value)
                + "</td></tr>\n");
    }

    private void problems(List<String> problems) throws IOException {
        if (problems.isEmpty()) {
            return;
        }
        out.write("<div class=\"problems\"><strong>Incomplete:</strong> some records of the log could not be "
                + "read and are not in this report.\n<ul>\n");
        for (String p : problems) {
            out.write("<li>" + text(p) + "</li>\n");
        }
        out.write("</ul></div>\n");
    }

    private void visits(List<VisitRow> visits) throws IOException {
        out.write("<table class=\"visits\">\n<colgroup>");
        for (Column c : COLUMNS) {
            out.write("<col style=\"width: " + c.widthPercent() + "%\">");
        }
        out.write("</colgroup>\n<thead><tr>");
        for (Column c : COLUMNS) {
            out.write((c.cssClass().isEmpty() ? "<th>" : "<th class=\"" + c.cssClass() + "\">") + text(c.heading())
                    + "</th>");
        }
        out.write("</tr></thead>\n<tbody>\n");
        int number = 0;
        for (VisitRow v : visits) {
            number++;
            out.write("<tr><td class=\"no\">" + number + "</td>");
            out.write("<td><div class=\"name\">" + text(v.visitorName()) + "</div>");
            if (!v.organization().isEmpty()) {
                out.write("<div>" + text(v.organization()) + "</div>");
            }
            out.write("<div class=\"id\">" + text(v.visitId()) + "</div></td>");
            cell(v.purpose());
            list(v.escorts(), "");
            cell(v.approver());
            if (v.timeIn().equals(VisitRow.NOT_RECORDED)) {
                out.write("<td class=\"missing\">" + text(v.timeIn()) + "</td>");
            } else {
                timeCell(v.timeIn());
            }
            timeCell(v.timeOut());
            cell(v.duration());
            list(v.devices(), "");
            list(v.alarms(), "alarm");
            out.write("</tr>\n");
        }
        out.write("</tbody>\n</table>\n");
    }

    private void cell(String value) throws IOException {
        out.write("<td>" + (value.isEmpty() ? "&mdash;" : text(value)) + "</td>");
    }

    /** A time, broken onto two lines between date and time, never inside the date. */
    private void timeCell(String time) throws IOException {
        out.write("<td>");
        String[] parts = time.split(" ");
        for (int i = 0; i < parts.length; i++) {
            out.write((i > 0 ? " " : "") + "<span class=\"unbroken\">" + text(parts[i]) + "</span>");
        }
        out.write("</td>");
    }

    private void list(List<String> items, String cssClass) throws IOException {
        if (items.isEmpty()) {
            out.write("<td>&mdash;</td>");
            return;
        }
        out.write(cssClass.isEmpty() ? "<td><ul>" : "<td class=\"" + cssClass + "\"><ul>");
        for (String item : items) {
            out.write("<li>" + text(item) + "</li>");
        }
        out.write("</ul></td>");
    }

    private void totals(VisitTotals t) throws IOException {
        out.write("<h2>Totals</h2>\n<table class=\"totals\">\n");
        total("Visits", t.visits());
        total("Visitors (distinct by name and organisation)", t.visitors());
        total("Visits with alarms", t.visitsWithAlarms());
        out.write("</table>\n");
        months(t.byMonth());
        if (t.byPurpose().isEmpty()) {
            return;
        }
        out.write("<table class=\"purposes\">\n<thead><tr><th>Purpose</th><th>Visits</th></tr></thead>\n<tbody>\n");
        for (VisitTotals.PurposeCount p : t.byPurpose()) {
            out.write("<tr><td>" + text(p.purpose()) + "</td><td class=\"count\">" + p.visits() + "</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
    }

    /** Each break-glass override: an auditor checks every one against the incident it was for. */
    private void overrides(List<RoomEvent> overrides) throws IOException {
        if (overrides.isEmpty()) {
            return;
        }
        out.write("<h2>Break-glass overrides</h2>\n<table class=\"purposes\">\n<thead><tr><th>Time</th><th>Door</th>"
                + "<th>Operators</th><th>Reason</th></tr></thead>\n<tbody>\n");
        for (RoomEvent o : overrides) {
            out.write("<tr><td>" + text(ReportTimes.minute(o.at())) + "</td><td>" + text(o.door()) + "</td><td>"
                    + text(String.join(" and ", o.operatorIds())) + "</td><td>"
                    + text(o.reason() == null ? "" : o.reason()) + "</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
    }

    private void months(List<VisitTotals.MonthCount> months) throws IOException {
        out.write("<table class=\"purposes\">\n<thead><tr><th>Month</th><th>Visits</th><th>Visits with alarms</th>"
                + "<th>Break-glass overrides</th><th>Lone-occupant alarms</th></tr></thead>\n<tbody>\n");
        for (VisitTotals.MonthCount m : months) {
            out.write("<tr><td>" + m.month() + "</td><td class=\"count\">" + m.visits() + "</td><td class=\"count\">"
                    + m.visitsWithAlarms() + "</td><td class=\"count\">" + m.overrides() + "</td><td class=\"count\">"
                    + m.loneOccupant() + "</td></tr>\n");
        }
        out.write("</tbody>\n</table>\n");
    }

    private void total(String name, int value) throws IOException {
        out.write("<tr><th>" + text(name) + "</th><td>" + value + "</td></tr>\n");
    }

    /** A column per signer: role, room to sign, and name and date written by hand on the lines. */
    private void signatures() throws IOException {
        out.write("<table class=\"signatures\">\n<tr>");
        for (String role : SIGNATURES) {
            out.write("<td><div class=\"role\">" + text(role) + "</div>"
                    + "<div class=\"line\">Name:</div><div class=\"line\">Date:</div></td>");
        }
        out.write("</tr>\n</table>\n");
    }

    private static String text(String value) {
        return HtmlText.escape(value);
    }
}
