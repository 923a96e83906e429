package org.accessctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.core.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Break-glass overrides and lone-occupant alarms in the report: among the alarms of the visits
 * they touched, each override listed with its two operators, and both counted per month.
 */
class RoomEventsReportTest {

    @TempDir
    Path dir;

    private static Event override(String at, String reason) {
        return Event.of("command_accepted", VisitLogFixture.at(at)).with("jti", "j-" + at).with("operatorId", "P-001")
                .with("operatorIds", List.of("P-001", "P-004")).with("cmd", "override").with("reason", reason)
                .with("seconds", 300).with("expiresAt", VisitLogFixture.at(at).plusSeconds(60)).build();
    }

    private static Event alarm(String at, String alarm) {
        return Event.of("alarm_raised", VisitLogFixture.at(at)).with("alarm", alarm).with("since", VisitLogFixture.at(at))
                .build();
    }

    private Path log() {
        return new VisitLogFixture(dir.resolve("door.db")).person("P-001", "Operator One")
                .event(override("2026-10-05 02:10", "Fire brigade"))
                .event(alarm("2026-10-05 03:00", "lone_occupant"))
                .event(alarm("2026-11-23 09:30", "lone_occupant"))
                .event(override("2026-11-23 09:45", "Smoke in the UPS room"))
                // Neither is counted: an operator's unlock, and another alarm.
                .event(Event.of("command_accepted", VisitLogFixture.at("2026-11-23 09:50")).with("cmd", "unlock")
                        .with("operatorId", "P-001").with("reason", "Delivery").with("jti", "j-unlock")
                        .with("expiresAt", VisitLogFixture.at("2026-11-23 09:51")).build())
                .event(alarm("2026-11-23 09:55", "door_held_open"))
                .visit("V-1", "Budi Santoso").with("escortIds", List.of("P-001"))
                .with("alarms", List.of("lone_occupant", "override")).times("2026-11-23 09:03", "2026-11-23 10:15").done()
                .event(override("2026-12-02 10:00", "After the period"))
                .write();
    }

    @Test
    void overridesAndLoneOccupantAlarmsAreShownWithTheVisitAndCountedPerMonth() {
        VisitLogFixture.Run run = VisitLogFixture.report("--db", log().toString(), "--from", "2026-09-01", "--to", "2026-11-30");
        assertEquals(0, run.status(), run.err());
        assertMonthsAndOverrides(run.out());
    }

    @Test
    void theSameFromAFileOfCollectedEvents() throws Exception {
        Path db = log();
        List<String> lines = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT json FROM events ORDER BY seq")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        Path events = Files.write(dir.resolve("events.jsonl"), lines);
        VisitLogFixture.Run run = VisitLogFixture.report("--events", events.toString(), "--from", "2026-09-01", "--to",
                "2026-11-30");
        assertEquals(0, run.status(), run.err());
        assertMonthsAndOverrides(run.out());
    }

    private static void assertMonthsAndOverrides(String html) {
        assertTrue(html.contains("one staff member alone inside (two-person rule)"), html);
        assertTrue(html.contains("break-glass override by two operators while inside"), html);
        String overrides = html.substring(html.indexOf("<h2>Break-glass overrides</h2>"), html.indexOf("<h2>Totals</h2>"));
        assertTrue(overrides.contains("<td>2026-10-05 02:10</td><td>door-1</td><td>P-001 and P-004</td><td>Fire brigade</td>"),
                overrides);
        assertTrue(overrides.contains("Smoke in the UPS room"), overrides);
        assertTrue(!overrides.contains("After the period") && !overrides.contains("Delivery"), overrides);
        String totals = html.substring(html.indexOf("<h2>Totals</h2>"));
        for (String month : List.of(
                "<td>2026-09</td><td class=\"count\">0</td><td class=\"count\">0</td><td class=\"count\">0</td><td class=\"count\">0</td>",
                "<td>2026-10</td><td class=\"count\">0</td><td class=\"count\">0</td><td class=\"count\">1</td><td class=\"count\">1</td>",
                "<td>2026-11</td><td class=\"count\">1</td><td class=\"count\">1</td><td class=\"count\">1</td><td class=\"count\">1</td>")) {
            assertTrue(totals.contains(month), month + " in\n" + totals);
        }
        assertTrue(!totals.contains("2026-12"), totals);
    }
}
