package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The date steps under a running door (network time after boot, {@code date -s}): through the
 * simulator's {@code POST /api/clock/step}, in the middle of a grant, a held-open door and an
 * escort window. Durations do not move; only dates do.
 */
class ClockStepScenarioTest {

    private static final String BADGE = "0A1B2C3D4E";

    @TempDir
    Path dir;

    private Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aDateSteppedBackAnHourDoesNotHoldTheStrikeReleased() throws Exception {
        sim = Simulator.start(dir);
        sim.call("/api/rex", "{}");
        sim.mqtt.awaitEvent("access_granted", Map.of("via", "rex"));
        sim.step(-3600);
        sim.barrier();
        assertEquals("high", sim.state().get("relay"), "the grant still runs");
        sim.advance(5);
        sim.awaitState("relocked 5 s after the grant", s -> s.get("lock").equals("locked"));
    }

    @Test
    void aDateSteppedForwardDoesNotEndTheGrantEarly() throws Exception {
        sim = Simulator.start(dir);
        sim.call("/api/rex", "{}");
        sim.mqtt.awaitEvent("access_granted", Map.of("via", "rex"));
        sim.step(86_400);
        sim.barrier(); // the loop has handled the step before we look
        assertEquals("unlocked", sim.state().get("lock"));
    }

    @Test
    void aDoorHeldOpenAlarmsOnTimeAfterTheDateSteppedBack() throws Exception {
        sim = Simulator.start(dir);
        sim.call("/api/rex", "{}");
        sim.call("/api/door/open", "{}");
        sim.mqtt.awaitEvent("door_opened", Map.of());
        sim.step(-3600);
        sim.advance(30);
        sim.mqtt.awaitEvent("alarm_raised", Map.of("alarm", "door_held_open"));
    }

    @Test
    void theEscortWindowSurvivesAStepAndStillEndsOnTime() throws Exception {
        sim = Simulator.start(dir);
        sim.publishPerson("P-001", Simulator.staff("P-001", BADGE, "\"access\",\"escort\"", true));
        sim.publishVisit("V-1", Simulator.visit("V-1", "1122334455", "approved", -600, 600, "\"P-001\""));
        sim.tap("entry", "1122334455");
        sim.mqtt.awaitEvent("escort_pending", Map.of("visitId", "V-1"));
        sim.step(-600);
        sim.step(1200);
        sim.tap("entry", BADGE);
        sim.mqtt.awaitEvent("access_granted", Map.of("visitId", "V-1", "escortId", "P-001"));
    }

    @Test
    void exitButtonPressesStillCountAfterTheDateSteppedBackTenMinutes() throws Exception {
        sim = Simulator.start(dir);
        sim.call("/api/rex", "{}");
        sim.mqtt.awaitEvent("access_granted", Map.of("via", "rex"));
        sim.step(-600);
        sim.advance(6);
        sim.awaitState("relocked", s -> s.get("lock").equals("locked"));
        sim.call("/api/rex", "{}");
        sim.awaitState("the second press grants", s -> s.get("lock").equals("unlocked"));
    }

    @Test
    void theStepAcceptsNegativeSecondsAndRefusesNonsense() throws Exception {
        sim = Simulator.start(dir);
        assertEquals(-60L, ((Number) sim.call("/api/clock/step", "{\"seconds\":-60}").get("offsetSeconds")).longValue());
        assertEquals(400, sim.post("/api/clock/step", "{\"seconds\":\"soon\"}").statusCode());
        assertEquals(400, sim.post("/api/clock/advance", "{\"seconds\":-1}").statusCode(), "time does not pass backwards");
        assertTrue(sim.post("/api/clock/step", "{}").body().contains("error"));
    }
}
