package org.accessctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import jdk.jfr.Recording;
import org.accessctl.core.Schedule;
import org.accessctl.store.Database;
import org.accessctl.store.ScheduleStore;
import org.accessctl.testing.FreePort;
import org.accessctl.testing.MosquittoProcess;

/**
 * Frame-to-relay latency inside the simulator's process: from just before the write of a frame
 * into the entry reader's pseudo-terminal to the strike pin's change, seen by
 * a Pi4J listener on the mock output. Each grant is followed by a relock (the simulator's clock
 * moved past the strike time) and by the person leaving through the exit reader, so the room
 * does not fill up and every grant starts from a locked, quiet door.
 */
final class LatencyBench {

    private static final long TIMEOUT_MS = 10_000;

    private LatencyBench() {
    }

    static Section run(Sizes sizes, Path work, Path template, SyntheticSite dir) throws Exception {
        Path here = Files.createDirectories(work.resolve("latency"));
        Path db = here.resolve("door.db");
        Files.copy(template, db);
        Section s = new Section("Frame-to-relay latency",
                "Inside the simulator's process (the real controller, jssc reading a pseudo-terminal, Pi4J mock pins, "
                        + "SQLite `synchronous=FULL`, events published to Mosquitto), with " + String.format("%,d", dir.persons())
                        + " persons and " + String.format("%,d", dir.visits()) + " visits in the store. Time from the "
                        + "moment before the `write` of a frame into the reader's pseudo-terminal (the write's own time included) to the strike "
                        + "pin's change, seen by a Pi4J listener on the mock output (no polling). "
                        + String.format("%,d", sizes.warmup()) + " grants of warm-up, then " + String.format("%,d", sizes.grants())
                        + " measured, each kind. Staff: a random person with `access`. Scheduled staff: the same "
                        + "on a copy where every person names one schedule (open at all hours, 122 closed dates). Pair: the visitor of a random "
                        + "approved visit taps, then its escort; measured from the escort's (second) frame. After each "
                        + "grant the clock is moved on to relock the strike and the people leave by the exit reader.");
        try (MosquittoProcess broker = MosquittoProcess.start();
             InProcessDoor door = InProcessDoor.start(db, broker.url());
             ReadDb read = new ReadDb(db)) {
            if (!door.awaitOnline(java.time.Duration.ofSeconds(30))) {
                throw new IllegalStateException("the door did not connect to the broker");
            }
            Random random = new Random(42);
            long[] staff = new long[sizes.grants()];
            long[] pair = new long[sizes.grants()];
            Recording[] jfr = new Recording[1];
            staffGrants(door, sizes, dir, random, staff, () -> jfr[0] = Profiler.start());
            Path staffJfr = Profiler.stop(jfr[0], here.resolve("staff.jfr"));
            String thread = door.strike.drivingThread();

            int[] order = shuffled(dir.visits(), random);
            int n = 0;
            for (int k = 0; k < sizes.warmup() + sizes.grants(); k++) {
                if (k == sizes.warmup()) {
                    jfr[0] = Profiler.start();
                }
                int j = order[k % order.length];
                String visitor = SyntheticSite.visitorBadge(j);
                String escort = SyntheticSite.staffBadge(dir.escortOf(j));
                long seq = read.maxSeq();
                door.entry().tap(visitor);
                awaitSeqAbove(read, seq); // escort_pending is committed: the visitor waits at the door
                long t = door.grant(door.entry(), escort, TIMEOUT_MS);
                if (t < 0) {
                    throw new IllegalStateException("visit " + SyntheticSite.visitId(j) + " with its escort was not granted");
                }
                if (k >= sizes.warmup()) {
                    pair[n++] = t;
                }
                relock(door);
                leave(door, visitor);
                leave(door, escort);
            }
            Path pairJfr = Profiler.stop(jfr[0], here.resolve("pair.jfr"));

            Stats st = new Stats(staff, sizes.grants());
            Stats alone = staffWithoutBroker(sizes, here, template, dir);
            Stats scheduled = scheduledStaff(sizes, here, template, dir);
            Stats sp = new Stats(pair, sizes.grants());
            add(s, "staff badge", st);
            add(s, "staff badge, a schedule on every person", scheduled);
            add(s, "visitor + escort (from the 2nd badge)", sp);
            s.info("diagnosis: staff badge with the broker unreachable (no outbox transactions): p50", alone.percentileMillis(50),
                    Stats.ms(alone.percentileMillis(50)));
            s.info("diagnosis: staff badge with the broker unreachable: p99", alone.percentileMillis(99),
                    Stats.ms(alone.percentileMillis(99)));
            s.info("diagnosis: staff badge with the broker unreachable: max", alone.maxMillis(), Stats.ms(alone.maxMillis()));
            s.note("The diagnosis rows repeat the staff series with the broker unreachable: the outbox then publishes "
                    + "nothing and commits no delivery marks, so the door loop is the only writer of the database.");
            s.note("The pin is driven on the `" + thread + "` thread as soon as the core has decided, before the "
                    + "grant's events are committed (act, then log: a commit that fails withdraws the grant). For scale, a blocking jssc read on a pseudo-terminal here delivers a frame in "
                    + "p50 0.08 ms, p99 0.3 ms.");
            s.note("Hot spot on the door loop: staff " + Profiler.hotSpot(staffJfr, "door-loop"::equals)
                    + "; pair " + Profiler.hotSpot(pairJfr, "door-loop"::equals) + ".");
            s.note(Profiler.summarize(staffJfr, "the staff grants (door-loop and entry reader threads)",
                    t -> t.equals("door-loop") || t.startsWith("badge-reader"), 10));
            s.note(Profiler.summarize(pairJfr, "the visitor + escort grants (door-loop and entry reader threads)",
                    t -> t.equals("door-loop") || t.startsWith("badge-reader"), 10));
        }
        return s;
    }

    /** The staff series again, with nothing published: the door loop alone writes the database. */
    private static Stats staffWithoutBroker(Sizes sizes, Path here, Path template, SyntheticSite dir) throws Exception {
        Path db = here.resolve("no-broker.db");
        Files.copy(template, db);
        long[] staff = new long[sizes.grants()];
        Random random = new Random(7);
        try (InProcessDoor door = InProcessDoor.start(db, "tcp://127.0.0.1:" + FreePort.pick())) {
            staffGrants(door, sizes, dir, random, staff, () -> { });
        }
        return new Stats(staff, sizes.grants());
    }

    /**
     * The staff series on a copy where every person names one schedule: the door reads it and
     * decides on its windows and dates at every badge. Open at every hour, so that every badge is
     * granted whenever the benchmark runs, with a year of closed dates behind it to look through.
     */
    private static Stats scheduledStaff(Sizes sizes, Path here, Path template, SyntheticSite dir) throws Exception {
        Path scheduledDir = Files.createDirectories(here.resolve("scheduled"));
        Path db = scheduledDir.resolve("door.db");
        Files.copy(template, db);
        try (Database d = Database.open(db)) {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Map<java.time.LocalDate, Schedule.DateException> closed = new HashMap<>();
            for (int day = 1; day <= 365; day += 3) {
                LocalDate date = today.minusDays(day);
                closed.put(date, new Schedule.DateException(date, true, List.of()));
            }
            new ScheduleStore(d).upsert(new Schedule("site-hours",
                    ZoneId.of("Asia/Jakarta"), List.of(new Schedule.Window(
                            EnumSet.allOf(DayOfWeek.class), 0, Schedule.DAY_MINUTES)),
                    closed), Instant.now(), null);
            d.inTransaction(c -> {
                try (Statement u = c.createStatement()) {
                    u.executeUpdate("UPDATE persons SET schedule = 'site-hours'");
                }
                return null;
            });
        }
        long[] staff = new long[sizes.grants()];
        try (MosquittoProcess broker = MosquittoProcess.start();
             InProcessDoor door = InProcessDoor.start(db, broker.url())) {
            if (!door.awaitOnline(java.time.Duration.ofSeconds(30))) {
                throw new IllegalStateException("the door did not connect to the broker");
            }
            staffGrants(door, sizes, dir, new Random(11), staff, () -> { });
        }
        return new Stats(staff, sizes.grants());
    }

    /**
     * Random staff badges at the entry reader, each granted, relocked and let out again; the
     * frame-to-relay times after warm-up go into {@code into}. {@code warmedUp} runs once the
     * warm-up is over (to start a profile of the measured part only).
     */
    private static void staffGrants(InProcessDoor door, Sizes sizes, SyntheticSite dir, Random random, long[] into,
                                    Runnable warmedUp) throws Exception {
        int n = 0;
        for (int k = 0; k < sizes.warmup() + sizes.grants(); k++) {
            if (k == sizes.warmup()) {
                warmedUp.run();
            }
            int i;
            do {
                i = random.nextInt(dir.persons());
            } while (SyntheticSite.isEscort(i));
            String badge = SyntheticSite.staffBadge(i);
            long t = door.grant(door.entry(), badge, TIMEOUT_MS);
            if (t < 0) {
                throw new IllegalStateException("staff badge " + badge + " was not granted");
            }
            if (k >= sizes.warmup()) {
                into[n++] = t;
            }
            relock(door);
            leave(door, badge);
        }
    }

    private static void add(Section s, String kind, Stats st) {
        s.info(kind + ": grants measured", st.count(), String.format("%,d", st.count()));
        s.info(kind + ": p50", st.percentileMillis(50), Stats.ms(st.percentileMillis(50)));
        s.atMost(kind + ": p99", st.percentileMillis(99), Stats.ms(st.percentileMillis(99)), 1.0, "1 ms");
        s.info(kind + ": p99.9", st.percentileMillis(99.9), Stats.ms(st.percentileMillis(99.9)));
        s.info(kind + ": max", st.maxMillis(), Stats.ms(st.maxMillis()));
    }

    private static void relock(InProcessDoor door) throws InterruptedException {
        if (!door.relock(TIMEOUT_MS)) {
            throw new IllegalStateException("the strike did not relock");
        }
    }

    /** Out through the exit reader (which always grants), then relock. */
    private static void leave(InProcessDoor door, String badge) throws Exception {
        if (door.grant(door.exit(), badge, TIMEOUT_MS) < 0) {
            throw new IllegalStateException(badge + " was not let out");
        }
        relock(door);
    }

    static void awaitSeqAbove(ReadDb read, long seq) {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (read.maxSeq() <= seq) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no event committed after seq " + seq);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
    }

    private static int[] shuffled(int n, Random random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
