package org.accessctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One report of a site from several doors' logs, each door's chain verified on its own. */
class SiteReportTest {

    @TempDir
    Path dir;

    @Test
    void severalDoorsMakeOneReportInTheOrderVisitorsLeft() {
        Path one = new VisitLogFixture(dir.resolve("door-1.db")).door("door-1")
                .visit("V-2", "Second").times("2026-11-23 09:00", "2026-11-23 12:00").done().write();
        Path two = new VisitLogFixture(dir.resolve("door-2.db")).door("door-2")
                .visit("V-1", "First").times("2026-11-23 08:00", "2026-11-23 11:00").done().write();
        VisitLogFixture.Run run = VisitLogFixture.report("--db", one.toString(), "--db", two.toString(),
                "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().indexOf("V-1") < run.out().indexOf("V-2") && run.out().indexOf("V-1") > 0, run.out());
        VisitLogFixture.Run html = VisitLogFixture.report("--db", one.toString(), "--db", two.toString(),
                "--from", "2026-11-01", "--to", "2026-11-30");
        assertTrue(html.out().contains("<th>Door</th><td>door-1, door-2</td>"), html.out());
    }

    @Test
    void aBrokenChainIsNamedAndExitsOneWithTheReportMade() throws Exception {
        Path one = new VisitLogFixture(dir.resolve("door-1.db")).door("door-1").visit("V-1", "First").done().write();
        Path two = new VisitLogFixture(dir.resolve("door-2.db")).door("door-2").visit("V-2", "Second").done().write();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + two);
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE events SET json = replace(json, 'Second', 'Someone else')");
        }
        VisitLogFixture.Run run = VisitLogFixture.report("--db", one.toString(), "--db", two.toString(),
                "--from", "2026-11-01", "--to", "2026-11-30");
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().contains(two + ": the event log's chain is broken"), run.err());
        assertTrue(run.out().contains("V-1"), run.out());
    }

    @Test
    void withoutALogItSaysWhatIsMissing() {
        Path one = new VisitLogFixture(dir.resolve("door-1.db")).visit("V-1", "First").done().write();
        VisitLogFixture.Run run = VisitLogFixture.report("--from", "2026-11-01", "--to", "2026-11-30");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("missing --db (or --events)"), run.err());
        assertEquals(0, VisitLogFixture.report("--db", one.toString(), "--db", one.toString(),
                "--from", "2026-11-01", "--to", "2026-11-30").status());
    }
}
