package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server-room procedure at the simulated door, driven as people and the helpdesk would:
 * visits published over MQTT, badges tapped through the simulator's HTTP API.
 */
class VisitScenarioTest {

    static final String ESCORT = "E000000001";
    static final String ESCORT_2 = "E000000004";
    static final String VISITOR = "1122334455";
    static final String VISITOR_2 = "5544332211";

    @TempDir
    Path dir;

    private Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private void staffAndVisit() throws Exception {
        sim.publishPerson("P-001", Simulator.staff("P-001", ESCORT, "\"access\",\"escort\"", true));
        sim.publishVisit("V-42", Simulator.visit("V-42", VISITOR, "approved", -5, 60, "\"P-001\""));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> occupants(String state) {
        return (List<Map<String, Object>>) Simulator.json(state).get("occupants");
    }

    @Test
    void aVendorVisitFromApprovalToTheClosedVisit() throws Exception {
        sim = Simulator.start(dir);
        staffAndVisit();

        // The visitor arrives first: the badge alone does not open.
        sim.tap("entry", VISITOR);
        Map<String, Object> pending = sim.mqtt.awaitEvent("escort_pending", Map.of("visitId", "V-42"));
        assertTrue(pending.containsKey("until"));
        assertEquals("low", sim.state().get("relay"));

        // The escort taps within the window: both go in.
        sim.tap("entry", ESCORT);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-42", "escortId", "P-001"));
        sim.mqtt.awaitEvent("access_granted", Map.of("personId", "P-001", "direction", "in"));
        sim.awaitState("strike released", s -> s.get("relay").equals("high"));
        sim.mqtt.await("/state", r -> r.payload().contains("\"visitId\":\"V-42\"") && r.payload().contains("\"personId\":\"P-001\""),
                Duration.ofSeconds(5));
        sim.call("/api/door/open", "{}");
        sim.call("/api/door/close", "{}");

        // The escort steps out and leaves the visitor alone.
        sim.advance(10);
        sim.tap("exit", ESCORT);
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "visitor_unescorted", "visitId", "V-42"));
        sim.awaitState("buzzer and red LED", s -> s.get("buzzer").equals("on"));

        // The escort comes back.
        sim.advance(60);
        sim.tap("entry", ESCORT);
        sim.mqtt.awaitEvent("alarm_cleared", Map.of("alarm", "visitor_unescorted", "visitId", "V-42"));

        // The visitor leaves: the visit is closed with what the report needs.
        sim.advance(1800);
        sim.tap("exit", VISITOR);
        Map<String, Object> done = sim.mqtt.awaitEvent("visit_completed", Map.of("visitId", "V-42"));
        assertEquals("Budi", done.get("visitorName"));
        assertEquals("Vendor X", done.get("organization"));
        assertEquals("Replace disk in storage array", done.get("purpose"));
        assertEquals("P-100", done.get("approvedBy"));
        assertEquals(List.of("P-001"), done.get("escortIds"));
        assertEquals(List.of("visitor_unescorted"), done.get("alarms"));
        assertEquals(List.of(Map.of("description", "Laptop", "serial", "ABC123")), done.get("devices"));
        assertTrue(((String) done.get("exitedAt")).compareTo((String) done.get("enteredAt")) > 0);

        // SOP step 8: the visit report, made from the door's log as an operator would.
        String day = ((String) done.get("exitedAt")).substring(0, 10);
        String report = ToolRun.run("report", "--db", dir.resolve("door.db").toString(), "--from", day, "--to", day).ok();
        for (String expected : List.of("Budi", "Vendor X", "Replace disk in storage array", "P-001", "ABC123", "V-42")) {
            assertTrue(report.contains(expected), "the report names " + expected);
        }

        // The badge is handed back: the same badge on the same (closed) visit no longer opens.
        sim.advance(5);
        sim.tap("entry", VISITOR);
        assertEquals("no_visit", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", VISITOR)).get("reason"));
    }

    @Test
    void aRevokedVisitStopsAdmittingAndAVisitorInsideWhenItIsRevokedOverstays() throws Exception {
        sim = Simulator.start(dir);
        staffAndVisit();
        sim.publishVisit("V-43", Simulator.visit("V-43", VISITOR_2, "approved", -5, 60, ""));
        sim.publishVisit("V-43", Simulator.visit("V-43", VISITOR_2, "cancelled", -5, 60, ""));
        sim.tap("entry", VISITOR_2);
        assertEquals("visit_revoked", sim.mqtt.awaitEvent("access_denied", Map.of("badgeUid", VISITOR_2)).get("reason"));

        sim.tap("entry", ESCORT);
        sim.tap("entry", VISITOR);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-42"));
        sim.publishVisit("V-42", Simulator.visit("V-42", VISITOR, "revoked", -5, 60, "\"P-001\""));
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "visit_overstay", "visitId", "V-42"));
        sim.tap("exit", VISITOR);
        sim.mqtt.awaitEvent("alarm_cleared", Map.of("alarm", "visit_overstay", "visitId", "V-42"));
        assertEquals(List.of("visit_overstay"), sim.mqtt.awaitEvent("visit_completed").get("alarms"));
    }

    @Test
    void aVisitorWhoOverstays() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", Simulator.staff("P-001", ESCORT, "\"access\",\"escort\"", true));
        sim.publishVisit("V-44", Simulator.visit("V-44", VISITOR, "approved", -5, 2, ""));
        sim.tap("entry", VISITOR);
        sim.tap("entry", ESCORT);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-44"));
        sim.advance(180);
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "visit_overstay", "visitId", "V-44"));
        sim.awaitState("buzzer on", s -> s.get("buzzer").equals("on"));
        sim.mqtt.await("/state", r -> r.payload().contains("visit_overstay"), Duration.ofSeconds(5));
        sim.tap("exit", VISITOR);
        sim.mqtt.awaitEvent("visit_completed", Map.of("visitId", "V-44"));
        sim.awaitState("buzzer off", s -> s.get("buzzer").equals("off"));
    }

    /** Who is let in with whom is VisitorRulesTest's; here what the site sees of one escort with two visitors. */
    @Test
    void oneEscortWithTwoVisitorsIsShownWithBothAndLeavingThemAlarmsForEach() throws Exception {
        sim = Simulator.start(dir);
        staffAndVisit();
        sim.publishVisit("V-45", Simulator.visit("V-45", VISITOR_2, "approved", -5, 60, "\"P-001\""));
        sim.tap("entry", VISITOR);
        sim.tap("entry", VISITOR_2);
        sim.tap("entry", ESCORT);
        // The state is published apart from the events: wait for the one that shows all three.
        sim.mqtt.await("/state", r -> occupants(r.payload()).size() == 3, Duration.ofSeconds(5));

        // The escort leaves: both visitors are alone.
        sim.tap("exit", ESCORT);
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "visitor_unescorted", "visitId", "V-42"));
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "visitor_unescorted", "visitId", "V-45"));
    }

    @Test
    void badVisitRecordsAreRefusedWithTheReasonAndChangeNothing() throws Exception {
        sim = Simulator.start(dir);
        staffAndVisit();
        String good = Simulator.visit("V-42", VISITOR, "approved", -5, 60, "\"P-001\"");
        Map<String, String> bad = Map.of(
                "not json", "payload is not valid JSON",
                good.replace("\"visitorName\":\"Budi\",", ""), "field \"visitorName\"",
                good.replaceFirst("\"validFrom\":\"[^\"]+\"", "\"validFrom\":\"tomorrow morning\""), "field \"validFrom\": expected an ISO-8601 time",
                good.replace("\"status\":\"approved\"", "\"status\":\"pending\""), "field \"status\": expected approved, revoked or cancelled",
                good.replace(VISITOR, ESCORT), "badge E000000001 belongs to P-001");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            sim.mqtt.publish("accessctl/main/visits/V-42", b.getKey(), true);
            String reason = (String) sim.mqtt.await("/events", r -> r.json().get("type").equals("record_rejected")
                    && ((String) r.json().get("reason")).contains(b.getValue()), Duration.ofSeconds(10)).json().get("reason");
            assertTrue(reason.contains(b.getValue()), reason);
        }
        sim.mqtt.publish("accessctl/main/visits/V-46", Simulator.visit("V-46", VISITOR, "approved", 0, 30, ""), true);
        sim.mqtt.await("/events", r -> r.json().get("type").equals("record_rejected")
                && ((String) r.json().get("reason")).contains("is issued to visit V-42"), Duration.ofSeconds(10));

        // V-42 as it was before all of that still admits.
        sim.tap("entry", VISITOR);
        sim.tap("entry", ESCORT);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-42"));
    }

    @Test
    void whoIsInsideSurvivesARestart() throws Exception {
        sim = Simulator.start(dir);
        staffAndVisit();
        sim.tap("entry", VISITOR);
        sim.tap("entry", ESCORT);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-42"));
        sim.close();

        sim = Simulator.start(dir);
        sim.mqtt.await("/state", r -> r.payload().contains("\"visitId\":\"V-42\""), Duration.ofSeconds(5));
        sim.advance(600);
        sim.tap("exit", VISITOR);
        Map<String, Object> done = sim.mqtt.awaitEvent("visit_completed", Map.of("visitId", "V-42"));
        assertTrue(done.containsKey("enteredAt"), "entered before the restart: " + done);
        assertEquals(List.of("P-001"), done.get("escortIds"));
    }
}
