package org.accessctl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark with tiny counts (a few seconds each), so that a change that breaks one is
 * seen in CI. It checks that each benchmark ran and produced all its figures; it never checks a
 * figure's value: a slow CI machine is not a failure.
 */
class BenchSmokeTest {

    @TempDir
    Path work;

    @Test
    void everyBenchmarkProducesItsFigures() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.logFile", work.resolve("controller.log").toString());
        List<Section> sections = BenchMain.runAll(Sizes.SMOKE, work, "", "not run in the smoke test");
        assertEquals(5, sections.size());
        for (Section s : sections) {
            assertFalse(s.figures.isEmpty(), s.title);
            for (Map.Entry<String, Double> f : s.figures.entrySet()) {
                assertFalse(f.getValue().isNaN(), s.title + ": " + f.getKey() + " was not measured");
            }
        }
        String page = BenchMain.page(Sizes.SMOKE, sections);
        for (String title : List.of("Frame-to-relay latency", "Sync of the directory", "Footprint and start-up",
                "Throughput headroom", "Draining an event backlog")) {
            assertTrue(page.contains("## " + title), title);
        }
        assertTrue(page.contains("Profile of"), "the profiles are on the page");
    }
}
