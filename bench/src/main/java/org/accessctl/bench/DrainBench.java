package org.accessctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.core.Event;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;
import org.accessctl.testing.FreePort;
import org.accessctl.testing.MosquittoProcess;

/**
 * Backlog drain: a log of undelivered events (written with the controller's own {@link EventLog},
 * so seq and hash chain are real), the simulator started as a child JVM with {@code -Xmx64m}
 * while the broker is away, then the broker returns. Events per second from the reconnect until
 * the delivery mark reaches the end of the log, and heap and resident memory while draining.
 */
final class DrainBench {

    private DrainBench() {
    }

    static Section run(Sizes sizes, Path work) throws Exception {
        Path here = Files.createDirectories(work.resolve("drain"));
        Path db = here.resolve("door.db");
        Section s = new Section("Draining an event backlog",
                String.format("%,d undelivered events", sizes.backlog()) + " (`access_granted`, written through the "
                        + "controller's `EventLog`: real seq and hash chain) wait in the log. The simulator starts as a child "
                        + "JVM with `-Xmx64m` while the broker is down; a second later Mosquitto starts. Drain rate: events "
                        + "acknowledged by the broker (the outbox's delivery mark, read from SQLite every 250 ms) per second, "
                        + "from the reconnect (the door's own API says `mqtt: online`) until the mark reaches the end of the "
                        + "log. No subscriber is connected, so the broker acknowledges and discards. Heap sampled with "
                        + "`jcmd GC.heap_info` every 5 s, "
                        + "resident memory from `/proc` every 250 ms.");
        long t = System.nanoTime();
        write(db, sizes.backlog());
        s.info("time to write the backlog (not a goal)", (System.nanoTime() - t) / 1e9,
                String.format("%.1f s", (System.nanoTime() - t) / 1e9));
        Path jfr = here.resolve("drain.jfr");
        int port = FreePort.pick();
        List<String> opts = new ArrayList<>(List.of("-Xmx64m"));
        opts.addAll(Profiler.childOptions(jfr));
        try (ChildSim sim = ChildSim.start(here, opts, db, "tcp://127.0.0.1:" + port);
             ReadDb read = new ReadDb(db)) {
            if (sim.awaitApi(java.time.Duration.ofSeconds(60)) < 0) {
                throw new IllegalStateException("the simulator did not start:\n" + FootprintBench.tail(sim.logText()));
            }
            BenchMain.sleep(1000);
            MosquittoProcess started = MosquittoProcess.startOnPort(port);
            long brokerBack = System.nanoTime();
            try (MosquittoProcess broker = started) {
                long online = sim.awaitMqttOnline(java.time.Duration.ofSeconds(60));
                if (online < 0) {
                    throw new IllegalStateException("the door did not reconnect");
                }
                long target = read.maxSeq();
                long startMark = read.deliveredSeq();
                long deadline = System.nanoTime() + sizes.drainCapSeconds() * 1_000_000_000L;
                long maxRss = 0;
                long maxHeap = 0;
                long mark = startMark;
                long lastHeap = 0;
                List<Long> heapSamples = new ArrayList<>();
                while (sim.alive() && System.nanoTime() < deadline) {
                    mark = read.deliveredSeq();
                    maxRss = Math.max(maxRss, sim.residentKb()[0]);
                    if (mark >= target) {
                        break;
                    }
                    if (System.nanoTime() - lastHeap > 5_000_000_000L) {
                        long h = sim.heapUsedKb(false);
                        heapSamples.add(h);
                        maxHeap = Math.max(maxHeap, h);
                        lastHeap = System.nanoTime();
                    }
                    BenchMain.sleep(250);
                }
                long end = System.nanoTime();
                double secs = (end - online) / 1e9;
                double rate = (mark - startMark) / secs;
                s.info("broker back until reconnected", (online - brokerBack) / 1e9,
                        String.format("%.1f s (the link's backoff)", (online - brokerBack) / 1e9));
                s.check("backlog drained", mark >= target, String.format("%,d of %,d in %.1f s", mark - startMark,
                        target - startMark, secs), "all of it");
                s.info("drain rate", rate, String.format("%,.0f events/s", rate));
                s.info("heap in use while draining, highest sample", maxHeap / 1024.0,
                        String.format("%.1f MiB of 64 MiB (%d samples)", maxHeap / 1024.0, heapSamples.size()));
                s.info("resident memory while draining, highest sample", maxRss / 1024.0,
                        String.format("%.0f MiB", maxRss / 1024.0));
                s.check("no OutOfMemoryError", !sim.ranOutOfMemory(), sim.ranOutOfMemory() ? "OutOfMemoryError" : "none",
                        "none");
            }
            sim.close();
            if (Files.exists(jfr)) {
                s.note("Hot spot of the event outbox: " + Profiler.hotSpot(jfr, "event-outbox"::equals) + ".");
                s.note(Profiler.summarize(jfr, "the event-outbox thread while draining", "event-outbox"::equals, 10));
            }
        }
        return s;
    }

    private static void write(Path file, int count) {
        try (Database db = Database.open(file)) {
            EventLog log = new EventLog(db, "main", "door-1", ZoneId.systemDefault());
            Instant base = Instant.now().minusSeconds(count / 10 + 3600);
            int batch = 2000;
            for (int done = 0; done < count; done += batch) {
                List<Event> events = new ArrayList<>(batch);
                for (int i = done; i < Math.min(count, done + batch); i++) {
                    events.add(Event.AccessGranted.staffIn(base.plusMillis(100L * i), SyntheticSite.personId(i % 100_000), false));
                }
                log.append(events);
            }
        }
    }
}
