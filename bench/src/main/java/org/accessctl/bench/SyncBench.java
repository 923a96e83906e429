package org.accessctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import org.accessctl.testing.FreePort;
import org.accessctl.testing.MosquittoProcess;

/**
 * Sync: the door has its old copy of the directory in SQLite; the broker holds the upstream
 * system's retained records (persons and visits, all changed since). Time from start and from
 * connect to the moment every record is stored; meanwhile a staff badge from the old copy is
 * tapped about once a second and the frame-to-relay latency of each answer is measured.
 */
final class SyncBench {

    private SyncBench() {
    }

    static Section run(Sizes sizes, Path work, Path template, SyntheticSite dir) throws Exception {
        Path here = Files.createDirectories(work.resolve("sync"));
        int records = 2 * sizes.syncEach();
        Section s = new Section("Sync of the directory",
                String.format("%,d retained person records and %,d retained visit records", sizes.syncEach(), sizes.syncEach())
                        + " (every one changed since the door's old copy) are published before the controller starts; the "
                        + "door starts with its old copy (" + String.format("%,d", dir.persons()) + " persons, "
                        + String.format("%,d", dir.visits()) + " visits) in SQLite. The broker is Mosquitto in its default "
                        + "configuration (1,000 messages queued and 20 in flight per client: nothing set for the door), "
                        + "then the simulator's embedded broker. The door on Mosquitto runs as a Pi runs it: the simulator in a JVM "
                        + "of its own with the package launcher's flags (serial collector, 64 MiB heap, client compiler), "
                        + "its badge path at the lowest real-time priority as the package's unit grants it (the note below says what it got) and its other threads lowered. Measured: time from the "
                        + "broker connection until every record is stored (counted by triggers the benchmark adds to its "
                        + "copy of the database, read every 20 ms by a read-only connection). During the sync, until `sync_completed`, a staff badge of the old copy is tapped several "
                        + "times a second (after each tap the door opens and closes and the strike relocks behind the person), and "
                        + "each answer's frame-to-relay latency is measured as in the latency benchmark, inside the door's JVM; between "
                        + "two taps a bare thread at the badge path's priority reads a frame from a pseudo-terminal of its own: the "
                        + "floor, what the kernel gives any reader under the same load. Then the door "
                        + "stops, upstream deletes " + String.format("%,d", deletions(sizes)) + " persons (zero-length "
                        + "retained messages), and the door starts again on the same database: the reconnect's sync must "
                        + "remove exactly those. Last, a sync of " + String.format("%,d", sizes.syncEach()) + " signed person records "
                        + "(records.directoryKeys set; every person signed by the directory key and verified by the door) "
                        + "on a fresh Mosquitto, beside the unsigned figure of the same run.");
        Path db = here.resolve("door.db");
        Files.copy(template, db);
        ReadDb.countFreshRecords(db);
        Run unsigned;
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            double publishRate = dir.publishRetained(broker.url(), sizes.syncEach());
            s.info("records published before start (retained, QoS 1)", records,
                    String.format("%,d (%,.0f/s)", records, publishRate));
            Run run = tappedSync(sizes, here, db, broker.url(), records);
            unsigned = run;
            report(s, "stock Mosquitto", run, true);
            reconnectAfterDeletions(sizes, db, broker.url(), dir, s);
        }
        signedSync(sizes, here, template, dir, s, unsigned);
        Path embeddedDb = here.resolve("embedded.db");
        Files.copy(template, embeddedDb);
        ReadDb.countFreshRecords(embeddedDb);
        try (org.accessctl.sim.broker.EmbeddedBroker broker =
                     new org.accessctl.sim.broker.EmbeddedBroker("127.0.0.1", FreePort.pick())) {
            broker.start();
            dir.publishRetained(broker.url(), sizes.syncEach());
            Recording jfr = Profiler.start();
            report(s, "embedded broker", sync(sizes, embeddedDb, broker.url(), records), false);
            Path file = Profiler.stop(jfr, here.resolve("sync.jfr"));
            s.note("Hot spot on the door loop during the sync from the embedded broker: "
                    + Profiler.hotSpot(file, "door-loop"::equals) + ".");
            s.note(Profiler.summarize(file, "the door-loop thread during the sync from the embedded broker",
                    "door-loop"::equals, 10));
            s.note(Profiler.summarize(file, "the MQTT client's threads during the sync from the embedded broker",
                    t -> t.startsWith("MQTT") || t.startsWith("mqtt"), 6));
        }
        return s;
    }

    /**
     * The same sync with signed records (contract section 7): the door has records.directoryKeys,
     * every person is signed by the directory key and every visit by its approver, so each record
     * costs an Ed25519 verification (and a look-up of its version) on the door loop.
     */
    private static void signedSync(Sizes sizes, Path here, Path template, SyntheticSite dir, Section s, Run unsigned)
            throws Exception {
        Path db = here.resolve("signed.db");
        Files.copy(template, db);
        SyntheticSite.Signing signing = new SyntheticSite.Signing();
        dir.trustOldCopy(db, signing);
        ReadDb.countFreshRecords(db);
        Path keyFile = signing.keyFile(here);
        // Persons only: the directory's whole staff, each signed; visits (signed by their approver)
        // cost the same verification and are left out to keep the run within minutes.
        int records = sizes.syncEach() + 1; // and the approver's own record
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            double publishRate = dir.publishRetained(broker.url(), sizes.syncEach(), 0, signing);
            s.info("signed person records published before start (retained, QoS 1)", records,
                    String.format("%,d (%,.0f/s)", records, publishRate));
            Run run = sync(sizes, db, broker.url(), records, Duration.ofSeconds(sizes.smoke() ? 120 : 1800),
                    "records.directoryKeys=" + keyFile);
            report(s, "stock Mosquitto, signed records", run, false);
            if (run.seconds() > 0 && unsigned.seconds() > 0) {
                double signedEach = run.seconds() / run.records();
                double unsignedEach = unsigned.seconds() / unsigned.records();
                s.note(String.format("Signed beside unsigned, same broker settings: %,d signed persons in %.1f s "
                        + "(%,.0f records/s) against %,d unsigned persons and visits in %.1f s (%,.0f records/s); a "
                        + "signed record costs the door about %.0f µs more than an unsigned one (its Ed25519 "
                        + "verification by Bouncy Castle, the look-up of its last iat, its SHA-256).",
                        run.records(), run.seconds(), 1 / signedEach, unsigned.records(), unsigned.seconds(),
                        1 / unsignedEach, (signedEach - unsignedEach) * 1e6));
            }
        }
    }

    private static int deletions(Sizes sizes) {
        return Math.max(10, sizes.syncEach() / 100);
    }

    /** What one sync showed; {@code tapped} null for a sync without taps. */
    private record Run(double seconds, long stored, long records, TappedDoor.Taps tapped) {
    }

    /**
     * The door as a Pi runs it ({@link TappedDoor}: its own JVM, the launcher's flags) syncs while a
     * staff badge of its old copy is tapped several times a second, the floor read between taps.
     */
    private static Run tappedSync(Sizes sizes, Path here, Path db, String url, int records) throws Exception {
        long capNanos = Duration.ofSeconds(sizes.smoke() ? 60 : 300).toNanos();
        try (TappedDoor door = TappedDoor.start(here.resolve("tapped"), db, url, true);
             ReadDb read = new ReadDb(db)) {
            door.begin();
            Stored stored = awaitStored(read, records, capNanos);
            // The probe taps until the sync has ended: at least once, however small the sync.
            read.awaitSyncEnd(capNanos);
            TappedDoor.Taps taps = door.taps();
            return new Run(stored.seconds(), stored.count(), records, taps);
        }
    }

    /** Starts the door in this JVM on {@code db} against {@code url} and waits until all records are stored. */
    private static Run sync(Sizes sizes, Path db, String url, int records, String... settings) throws Exception {
        return sync(sizes, db, url, records, Duration.ofSeconds(sizes.smoke() ? 60 : 300), settings);
    }

    private static Run sync(Sizes sizes, Path db, String url, int records, Duration cap, String... settings)
            throws Exception {
        long capNanos = cap.toNanos();
        try (InProcessDoor door = InProcessDoor.start(db, url, settings);
             ReadDb read = new ReadDb(db)) {
            if (!door.awaitOnline(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the door did not connect");
            }
            Stored stored = awaitStored(read, records, capNanos);
            read.awaitSyncEnd(capNanos);
            return new Run(stored.seconds(), stored.count(), records, null);
        }
    }

    /** Records stored when the wait ended, and seconds from its start until all were, or -1. */
    private record Stored(long count, double seconds) {
    }

    /** From now (the door online) until {@code records} are stored, or the cap. */
    private static Stored awaitStored(ReadDb read, int records, long capNanos) {
        long online = System.nanoTime();
        long stored = 0;
        while (System.nanoTime() - online < capNanos) {
            stored = read.freshRecords();
            if (stored >= records) {
                return new Stored(stored, (System.nanoTime() - online) / 1e9);
            }
            BenchMain.sleep(20);
        }
        return new Stored(stored, -1);
    }

    /**
     * The sync ends after the records are stored (the second pass, the sweep): wait for it, so the
     * next part starts from a door whose sync completed.
     */
    private static void report(Section s, String broker, Run run, boolean goals) {
        if (run.seconds() < 0) {
            s.check(broker + ": all records stored", false, String.format("%,d of %,d", run.stored(), run.records()), "all");
            return;
        }
        String shown = String.format("%.1f s (%,.0f records/s)", run.seconds(), run.records() / run.seconds());
        if (goals) {
            s.atMost(broker + ": connect until all stored", run.seconds(), shown, 10, "10 s");
        } else {
            s.info(broker + ": connect until all stored", run.seconds(), shown);
        }
        if (!goals) {
            return;
        }
        TappedDoor.Taps taps = run.tapped();
        long[] nanos = taps.nanos();
        Stats st = new Stats(nanos, nanos.length);
        s.check("old-copy badge answered during the sync", taps.missed() == 0 && nanos.length > 0,
                String.format("%d of %d taps granted", nanos.length, nanos.length + taps.missed()), "every tap");
        s.info("frame-to-relay latency during the sync: p50", st.percentileMillis(50), Stats.ms(st.percentileMillis(50)));
        s.atMost("frame-to-relay latency during the sync: p99", st.percentileMillis(99),
                Stats.ms(st.percentileMillis(99)) + String.format(" (%d taps)", nanos.length), 1.0, "1 ms");
        s.atMost("frame-to-relay latency during the sync: max", st.maxMillis(), Stats.ms(st.maxMillis()), 5.0, "5 ms");
        taps.reportFloor(s, "during the sync");
        s.note("Records stored when each tap was made, and the answer's latency: "
                + describeTaps(taps.storedAtTap(), nanos) + ".");
        if (taps.contention() != null) {
            s.note("What kept the door loop from answering at once: " + taps.contention().describe("door-loop") + ". "
                    + "A tap that arrives while the loop waits for a core, or during a pause, waits with it.");
        }
    }

    /** The door away; upstream deletes persons; the door back on the same database and broker. */
    private static void reconnectAfterDeletions(Sizes sizes, Path db, String url, SyntheticSite dir, Section s) throws Exception {
        int gone = deletions(sizes);
        dir.deleteRetained(url, gone, sizes.syncEach());
        long before;
        long lastSeq;
        try (ReadDb read = new ReadDb(db)) {
            before = read.one("SELECT count(*) FROM persons");
            lastSeq = read.maxSeq();
        }
        long t0 = System.nanoTime();
        long removed;
        long after;
        double seconds;
        try (InProcessDoor door = InProcessDoor.start(db, url);
             ReadDb read = new ReadDb(db)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(sizes.smoke() ? 60 : 300).toNanos();
            long seq;
            while ((seq = read.one("SELECT coalesce(min(seq), 0) FROM events WHERE type IN ('sync_completed', 'sync_refused')"
                    + " AND seq > " + lastSeq)) == 0
                    && System.nanoTime() < deadline) {
                BenchMain.sleep(20);
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            removed = seq == 0 ? -1 : read.one("SELECT coalesce(json_extract(json, '$.personsRemoved'), -1) FROM events WHERE seq = " + seq);
            after = read.one("SELECT count(*) FROM persons");
        }
        s.check("reconnect: exactly the persons deleted upstream removed", removed == gone && after == before - gone,
                String.format("%,d removed of %,d deleted; %,d of %,d persons kept (%.1f s from start)", removed, gone, after,
                        before - gone, seconds), "exact");
    }

    private static String describeTaps(List<Long> stored, long[] answers) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(answers.length, 12); i++) {
            if (i > 0) {
                b.append("; ");
            }
            b.append(String.format("%,d → %s", stored.get(i), Stats.ms(answers[i] / 1e6)));
        }
        if (answers.length > 12) {
            b.append("; …");
        }
        return b.toString();
    }
}
