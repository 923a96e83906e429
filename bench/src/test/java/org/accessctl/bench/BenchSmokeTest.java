package org.accessctl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark with tiny counts (a few seconds each), so that a change that breaks one is
 * seen in CI. It checks that each benchmark ran, produced all its figures and met every yes/no
 * check (every record stored, the backlog drained, no OutOfMemoryError: at any size a miss is a
 * broken door, not a slow one). It never checks a timing against its goal: a slow CI machine is
 * not a failure.
 */
class BenchSmokeTest {

    @TempDir
    Path work;

    @Test
    void everyBenchmarkProducesItsFiguresAndMeetsItsChecks() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", work.resolve("controller.log").toString());
        List<Section> sections = BenchMain.runAll(Sizes.SMOKE, work, "", "not run in the smoke test");
        assertEquals(8, sections.size()); // latency, sync, flood, footprint, throughput, drain, fleet, signed fleet
        String page = BenchMain.page(Sizes.SMOKE, sections);
        List<String> wrong = new ArrayList<>();
        for (Section s : sections) {
            if (s.figures.isEmpty()) {
                wrong.add(s.title + ": no figures");
            }
            for (Map.Entry<String, Double> f : s.figures.entrySet()) {
                if (f.getValue().isNaN()) {
                    wrong.add(s.title + ": \"" + f.getKey() + "\" was not measured");
                }
            }
            for (Map.Entry<String, Boolean> c : s.checks.entrySet()) {
                if (!c.getValue()) {
                    wrong.add(s.title + ": check \"" + c.getKey() + "\" missed");
                }
            }
        }
        assertEquals(List.of(), wrong, page);
        for (String title : List.of("Frame-to-relay latency", "Sync of the directory", "Footprint and start-up",
                "Throughput headroom", "Draining an event backlog", "Fleet: 4 doors, 300 persons",
                "Fleet: 2 doors, 300 persons, signed records")) {
            assertTrue(page.contains("## " + title), title);
        }
        assertTrue(page.contains("Profile of"), "the profiles are on the page");
    }
}
