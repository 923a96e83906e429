package org.accessctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import org.accessctl.sim.SimulatedPins;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;

/**
 * Throughput headroom: the door contact is opened and closed as fast as the door loop commits
 * (each change is one input and one transaction: {@code door_opened} + {@code alarm_raised}, or
 * {@code door_closed} + {@code alarm_cleared}), with at most a small window of inputs queued.
 * Events committed per second (the log's seq) and published per second (received by a QoS 1
 * subscriber), over the whole window.
 */
final class ThroughputBench {

    private static final int WINDOW_INPUTS = 32;

    private ThroughputBench() {
    }

    static Section run(Sizes sizes, Path work, Path template, SyntheticSite dir) throws Exception {
        Path here = Files.createDirectories(work.resolve("throughput"));
        Path db = here.resolve("door.db");
        Files.copy(template, db);
        Section s = new Section("Throughput headroom",
                "Inside the simulator's process with SQLite `synchronous=FULL` (the controller's setting) and events "
                        + "published to Mosquitto, read back by a QoS 1 subscriber. The door contact is opened and closed "
                        + "through the mock pins as fast as the door loop takes it (at most " + WINDOW_INPUTS + " changes "
                        + "waiting); every change is one input, one transaction and two events (`door_opened` + "
                        + "`alarm_raised` for a forced door, `door_closed` + `alarm_cleared`), plus a retained `state`. "
                        + "Sustained for " + sizes.throughputSeconds() + " s; committed = the log's `seq`, published = "
                        + "events the subscriber received in the same window.");
        // The subscriber first: it counts what the door publishes from its first connect on.
        try (MosquittoProcess broker = MosquittoProcess.start();
             EventWatcher subscriber = EventWatcher.counting(broker.url(), "accessctl/main/doors/door-1/events");
             // The contact toggles far faster than a door moves: no debounce, every change counts.
             InProcessDoor door = InProcessDoor.start(db, broker.url(), "timing.contactDebounceMillis=0");
             ReadDb read = new ReadDb(db)) {
            if (!door.awaitOnline(Duration.ofSeconds(30))) {
                throw new IllegalStateException("the door did not connect to the broker");
            }
            SimulatedPins pins = door.door.pins();
            // warm up for a second
            drive(pins, read, 1_000_000_000L);
            BenchMain.sleep(500);
            long seq0 = read.maxSeq();
            long pub0 = subscriber.count();
            long delivered0 = read.deliveredSeq();
            Recording jfr = Profiler.start();
            long t0 = System.nanoTime();
            long inputs = drive(pins, read, sizes.throughputSeconds() * 1_000_000_000L);
            long t1 = System.nanoTime();
            long seq1 = read.maxSeq();
            long pub1 = subscriber.count();
            long delivered1 = read.deliveredSeq();
            Path file = Profiler.stop(jfr, here.resolve("throughput.jfr"));
            double secs = (t1 - t0) / 1e9;
            double committed = (seq1 - seq0) / secs;
            double published = (pub1 - pub0) / secs;
            s.atLeast("events committed per second", committed, String.format("%,.0f/s (%,d inputs, %,d transactions/s)",
                    committed, inputs, Math.round(inputs / secs)), 2000, "2,000/s");
            s.atLeast("events published per second (received by the subscriber)", published,
                    String.format("%,.0f/s", published), 2000, "2,000/s");
            s.info("outbox backlog at the end (committed, not yet acknowledged)", seq1 - delivered1,
                    String.format("%,d events (it grew by %,d over the run)", seq1 - delivered1,
                            (seq1 - delivered1) - (seq0 - delivered0)));
            s.note("Hot spots: door loop " + Profiler.hotSpot(file, "door-loop"::equals) + "; event outbox "
                    + Profiler.hotSpot(file, "event-outbox"::equals) + ".");
            s.note(Profiler.summarize(file, "the door-loop thread", "door-loop"::equals, 10));
            s.note(Profiler.summarize(file, "the event-outbox thread", "event-outbox"::equals, 8));
        }
        return s;
    }

    /** Toggles the contact for {@code nanos}, keeping at most the window of changes not yet committed. */
    private static long drive(SimulatedPins pins, ReadDb read, long nanos) {
        long start = System.nanoTime();
        long seqStart = read.maxSeq();
        long inputs = 0;
        boolean open = false;
        while (System.nanoTime() - start < nanos) {
            long committedInputs = (read.maxSeq() - seqStart) / 2;
            if (inputs - committedInputs >= WINDOW_INPUTS) {
                LockSupport.parkNanos(100_000);
                continue;
            }
            open = !open;
            if (open) {
                pins.openDoor();
            } else {
                pins.closeDoor();
            }
            inputs++;
        }
        if (open) {
            pins.closeDoor();
            inputs++;
        }
        return inputs;
    }
}
