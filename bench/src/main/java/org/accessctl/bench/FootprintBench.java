package org.accessctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;

/**
 * Footprint: the simulator as its own JVM with {@code -Xmx64m}, its old copy of the directory in
 * SQLite and the sync of the sync benchmark waiting on the broker. Start-up to ready (the API
 * answers and {@code status} says {@code online}), the sync under the heap limit, then the heap
 * after a full GC and the resident memory.
 */
final class FootprintBench {

    private FootprintBench() {
    }

    static Section run(Sizes sizes, Path work, Path template, SyntheticSite dir, String scenarioTests) throws Exception {
        Path here = Files.createDirectories(work.resolve("footprint"));
        Path db = here.resolve("door.db");
        Files.copy(template, db);
        ReadDb.countFreshRecords(db);
        int records = 2 * sizes.syncEach();
        Section s = new Section("Footprint and start-up",
                "The simulator (`org.accessctl.sim.SimMain`, door-sim.jar's main class) as a child JVM with the package launcher's flags "
                        + "(" + String.join(" ", PiLauncher.FLAGS) + "), its database holding the old copy (" + String.format("%,d", dir.persons())
                        + " persons, " + String.format("%,d", dir.visits()) + " visits) and the broker holding "
                        + String.format("%,d", records) + " changed retained records, as in the sync benchmark. Ready = "
                        + "`GET /api/state` answers 200 and the door's `status` topic says `online`, timed from the start "
                        + "of the process. Heap: `jcmd <pid> GC.heap_info` after `jcmd <pid> GC.run` once the sync is done. "
                        + "Resident memory: `VmRSS` and its peak `VmHWM` from `/proc/<pid>/status`.");
        if (scenarioTests.startsWith("not run")) {
            s.notRun("scenario tests with `-Xmx64m`", scenarioTests, "all pass");
        } else {
            s.check("scenario tests with `-Xmx64m`", scenarioTests.startsWith("passed"), scenarioTests, "all pass");
        }
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            dir.publishRetained(broker.url(), sizes.syncEach());
            try (EventWatcher status = new EventWatcher(broker.url(), "accessctl/main/doors/door-1/status");
                 ChildSim sim = ChildSim.start(here, PiLauncher.flags(here), db, broker.url());
                 ReadDb read = new ReadDb(db)) {
                long api = sim.awaitApi(java.time.Duration.ofSeconds(60));
                // A live "online" only: a retained one is an earlier connection's.
                long online;
                try {
                    online = status.await("/status", r -> !r.retained() && r.payload().equals("online"),
                            java.time.Duration.ofSeconds(60)).arrivedNanos();
                } catch (AssertionError notOnline) {
                    online = -1;
                }
                if (api < 0 || online < 0) {
                    throw new IllegalStateException("the simulator did not become ready:\n" + tail(sim.logText()));
                }
                double ready = (Math.max(api, online) - sim.startedNanos) / 1e9;
                s.atMost("start-up to ready", ready, String.format("%.2f s (API %.2f s, online %.2f s)", ready,
                        (api - sim.startedNanos) / 1e9, (online - sim.startedNanos) / 1e9), 3, "3 s");
                long[] atReady = sim.residentKb();
                s.info("resident memory when ready", atReady[0] / 1024.0, String.format("%.0f MiB", atReady[0] / 1024.0));
                long peakHeap = 0;
                String histogram = null;
                long deadline = System.nanoTime() + (sizes.smoke() ? 60L : 900L) * 1_000_000_000L;
                long n = 0;
                int polls = 0;
                while (sim.alive() && System.nanoTime() < deadline) {
                    n = read.freshRecords();
                    if (n >= records) {
                        break;
                    }
                    if (++polls % 20 == 0) {
                        long h = sim.heapUsedKb(false);
                        peakHeap = Math.max(peakHeap, h);
                        if (histogram == null && h > 24 * 1024) {
                            String taken = sim.classHistogram(12);
                            histogram = taken.isBlank() ? null : taken;
                        }
                        if (sim.ranOutOfMemory()) {
                            break;
                        }
                    }
                    BenchMain.sleep(250);
                }
                double syncSeconds = (System.nanoTime() - online) / 1e9;
                boolean oom = sim.ranOutOfMemory();
                s.check("sync completed under `-Xmx64m`", n >= records && sim.alive() && !oom,
                        String.format("%,d of %,d records in %.1f s%s", n, records, syncSeconds,
                                oom ? "; **OutOfMemoryError** in the simulator's log" : ""), "all, no OutOfMemoryError");
                if (histogram != null) {
                    s.note("What filled the heap during the sync (`jcmd <pid> GC.class_histogram`, the first sample "
                            + "over 24 MiB, top entries):\n\n```\n" + histogram + "\n```");
                }
                if (oom) {
                    s.note("The simulator's log after the OutOfMemoryError:\n\n```\n" + sim.oomLines() + "\n```");
                }
                s.info("heap in use during the sync, highest sample (before GC)", peakHeap / 1024.0,
                        String.format("%.1f MiB", peakHeap / 1024.0));
                if (sim.alive() && !oom) {
                    long heap = sim.heapUsedKb(true);
                    long[] rss = sim.residentKb();
                    s.info("heap in use after the sync (after a full GC)", heap / 1024.0,
                            String.format("%.1f MiB of 64 MiB", heap / 1024.0));
                    s.info("resident memory after the sync", rss[0] / 1024.0, String.format("%.0f MiB (peak %.0f MiB)",
                            rss[0] / 1024.0, rss[1] / 1024.0));
                }
            }
        }
        return s;
    }

    static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 30), lines.length));
    }
}
