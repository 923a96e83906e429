package org.accessctl.report;

import static org.accessctl.report.VisitLogFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.accessctl.core.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    /** A month at the door: a vendor twice, a staff visit with an alarm, and a visitor the door did not see enter. */
    private Path november() {
        return new VisitLogFixture(dir.resolve("door.db"))
                .person("P-001", "Operator One").person("P-002", "Operator Two").person("P-100", "Head Of Division")
                .event(new Event.ControllerStarted(VisitLogFixture.at("2026-11-01 07:00"), "1"))
                .visit("V-2026-0042", "Budi Santoso").with("organization", "Vendor X")
                .with("purpose", "Replace disk in storage array").with("approvedBy", "P-100")
                .with("escortIds", List.of("P-001")).times("2026-11-23 09:03", "2026-11-23 10:15")
                .device("Laptop", "ABC123").device("Screwdriver set", null).done()
                .visit("V-2026-0043", "Siti Rahma").with("organization", "Dinas Kominfo")
                .with("purpose", "Network maintenance").with("approvedBy", "P-100")
                .with("escortIds", List.of("P-001", "P-002")).with("alarms", List.of("visitor_unescorted"))
                .times("2026-11-24 13:00", "2026-11-24 13:40").done()
                .visit("V-2026-0044", "budi santoso ").with("organization", "Vendor X")
                .with("purpose", "Network maintenance").with("approvedBy", "P-100")
                .with("escortIds", List.of("P-002")).times("2026-11-25 08:00", "2026-11-25 08:00").done()
                .visit("V-2026-0045", "<script>alert(1)</script>").with("organization", "Evil & Co")
                .with("purpose", "Audit").with("escortIds", List.of("P-009"))
                .with("alarms", List.of("visit_overstay")).times(null, "2026-11-26 17:30").done()
                .write();
    }

    private String html(Path db, String from, String to) {
        VisitLogFixture.Run run = report("--db", db.toString(), "--from", from, "--to", to);
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        return run.out();
    }

    /** The text of the table row that mentions {@code visitId}, its cells separated by {@code |}. */
    private static String cells(String html, String visitId) {
        int at = html.indexOf(visitId);
        String row = html.substring(html.lastIndexOf("<tr>", at), html.indexOf("</tr>", at));
        return row.replace("</td>", "|").replaceAll("<[^>]+>", "").replace("&mdash;", "\u2014");
    }

    @Test
    void listsEachVisitWithItsFieldsAndNamesTheStaff() {
        String html = html(november(), "2026-11-01", "2026-11-30");
        for (String expected : List.of("Budi Santoso", "Vendor X", "Replace disk in storage array",
                "P-001 Operator One", "P-100 Head Of Division", "1 h 12 min", "Laptop (ABC123)", "Screwdriver set",
                "V-2026-0042", "<li>P-001 Operator One</li><li>P-002 Operator Two</li>", "40 min",
                "left without escort", "stayed past the end of the visit", "under 1 min", "<li>P-009</li>")) {
            assertTrue(html.contains(expected), expected + " in\n" + html);
        }
        String firstRow = cells(html, "V-2026-0042");
        assertTrue(firstRow.contains("|2026-11-23 09:03|2026-11-23 10:15|1 h 12 min|"), firstRow);
        assertTrue(html.indexOf("V-2026-0042") < html.indexOf("V-2026-0043"), "in the order the visitors left");
        assertTrue(html.contains("<th>Site</th><td>main</td>"), html);
        assertTrue(html.contains("<th>Door</th><td>door-1</td>"), html);
        assertTrue(html.contains("<th>Period</th><td>2026-11-01 to 2026-11-30</td>"), html);
        assertTrue(html.contains("<th>Generated</th><td>2026-12-01 08:30 +07:00</td>"), html);
    }

    @Test
    void totalsCountVisitsVisitorsAndPurposesMostFrequentFirst() {
        String html = html(november(), "2026-11-01", "2026-11-30");
        String totals = html.substring(html.indexOf("<h2>Totals</h2>"));
        assertTrue(totals.contains("<th>Visits</th><td>4</td>"), totals);
        // Budi came twice (typed once with a lower-case name and a trailing space): one visitor.
        assertTrue(totals.contains("<th>Visitors (distinct by name and organisation)</th><td>3</td>"), totals);
        assertTrue(totals.contains("<th>Visits with alarms</th><td>2</td>"), totals);
        int network = totals.indexOf("<td>Network maintenance</td><td class=\"count\">2</td>");
        int audit = totals.indexOf("<td>Audit</td><td class=\"count\">1</td>");
        int disk = totals.indexOf("<td>Replace disk in storage array</td><td class=\"count\">1</td>");
        assertTrue(network >= 0 && audit >= 0 && disk >= 0, totals);
        assertTrue(network < audit && audit < disk, "by count, then by name:\n" + totals);
    }

    @Test
    void visitorTextIsEscapedNeverMarkup() {
        String html = html(november(), "2026-11-01", "2026-11-30");
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertTrue(html.contains("Evil &amp; Co"), html);
    }

    @Test
    void isOnePrintableA4PageWithTheApprovalChain() {
        String html = html(november(), "2026-11-01", "2026-11-30");
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("@page { size: A4; margin: 15mm }"), html);
        assertTrue(html.contains("<thead>") && html.contains("thead { display: table-header-group }"),
                "the header row repeats on every printed page");
        assertTrue(html.contains("<h1>Server room visit report</h1>"), html);
        assertFalse(html.matches("(?s).*(src=|href=|@import|url\\().*"), "nothing is fetched from elsewhere");
        for (String role : List.of("Prepared by (operator)", "Checked by (coordinator)", "Approved by (head of division)")) {
            assertTrue(html.contains(role), role);
        }
        assertTrue(html.contains("Name:") && html.contains("Date:"), html);
    }

    @Test
    void aVisitorNotSeenEnteringHasNoTimeInAndNoDuration() {
        String html = html(november(), "2026-11-26", "2026-11-26");
        String row = cells(html, "V-2026-0045");
        assertTrue(row.contains("|not recorded|2026-11-26 17:30|\u2014|"), row);
        assertTrue(html.contains("<td class=\"missing\">not recorded</td>"), html);
    }

    @Test
    void thePeriodIsInclusiveAndUsesTheDoorsLocalDate() {
        Path db = new VisitLogFixture(dir.resolve("door.db"))
                .visit("V-OCT", "Last of October").times("2026-10-31 23:00", "2026-10-31 23:59").done()
                // 00:05 at the door is still 31 October in UTC: the door's date decides.
                .visit("V-FIRST", "First of November").times("2026-11-01 00:01", "2026-11-01 00:05").done()
                .visit("V-LAST", "End of November").times("2026-11-30 23:00", "2026-11-30 23:55").done()
                .visit("V-DEC", "First of December").times("2026-11-30 23:50", "2026-12-01 00:00").done()
                .write();
        String html = html(db, "2026-11-01", "2026-11-30");
        assertTrue(html.contains("V-FIRST") && html.contains("V-LAST"), html);
        assertFalse(html.contains("V-OCT") || html.contains("V-DEC"), html);
        assertTrue(html.contains("<th>Visits</th><td>2</td>"), html);

        String oneDay = html(db, "2026-12-01", "2026-12-01");
        assertTrue(oneDay.contains("V-DEC") && !oneDay.contains("V-LAST"), oneDay);
        assertTrue(oneDay.contains("<th>Period</th><td>2026-12-01</td>"), oneDay);
    }

    @Test
    void anEmptyPeriodSaysSoAndStillNamesTheDoor() {
        String html = html(november(), "2026-01-01", "2026-01-31");
        assertTrue(html.contains("No visits were completed in this period."), html);
        assertFalse(html.contains("<table class=\"visits\">"), html);
        assertTrue(html.contains("<th>Visits</th><td>0</td>"), html);
        assertTrue(html.contains("<th>Door</th><td>door-1</td>"), html);
        assertTrue(html.contains("Prepared by (operator)"), "an empty month is signed too");
    }

    @Test
    void anEmptyLogGivesAnEmptyReport() {
        Path db = new VisitLogFixture(dir.resolve("door.db")).write();
        String html = html(db, "2026-11-01", "2026-11-30");
        assertTrue(html.contains("No visits were completed in this period."), html);
        assertTrue(html.contains("<th>Door</th><td>unknown</td>"), html);
    }

    @Test
    void aVisitRecordThatCannotBeReadIsNamedNotSkipped() {
        Path db = new VisitLogFixture(dir.resolve("door.db"))
                .visit("V-1", "Readable").done()
                .event(new Event.VisitCompleted(VisitLogFixture.at("2026-11-23 11:00"), "V-2", null, null, null,
                        null, null, null, null, null, null))
                .write();
        VisitLogFixture.Run run = report("--db", db.toString(), "--from", "2026-11-01", "--to", "2026-11-30");
        assertEquals(0, run.status());
        assertTrue(run.out().contains("V-1"), run.out());
        assertTrue(run.out().contains("the visit_completed event at seq 2 cannot be read"), run.out());
        assertTrue(run.err().startsWith("warning: the visit_completed event at seq 2 cannot be read"), run.err());
    }
}
