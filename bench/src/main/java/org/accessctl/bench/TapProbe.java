package org.accessctl.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The door as a Pi runs it, tapped: {@code TapProbe RESULTS STOP [count-stored]} runs the simulator
 * in this JVM (started by {@link TappedDoor} with the package launcher's flags; database, broker and
 * ports as {@code -D} settings) and, from when the file {@code taps.go} beside STOP appears, taps a
 * staff badge several times a second (walking through after each) until the file STOP appears. Each tap's frame-to-relay
 * latency is measured here, as in the latency benchmark, so that nothing of the benchmark's own
 * heap, collector or threads runs beside the door; between two taps a bare thread reads a frame
 * ({@link BareSerialRead}), the floor under the same load. Then it writes RESULTS: a line of what
 * kept the door loop from running, and a line a tap (nanoseconds; the records stored when the tap
 * was made with {@code count-stored}, else -1; the floor's nanoseconds).
 */
public final class TapProbe {

    private TapProbe() {
    }

    private interface C extends com.sun.jna.Library {
        C INSTANCE = com.sun.jna.Native.load("c", C.class);

        int getrlimit(int resource, com.sun.jna.Pointer limit);

        int setrlimit(int resource, com.sun.jna.Pointer limit);

        int sched_setscheduler(int pid, int policy, int[] param);
    }

    /** Above the door's badge path (1): the tapping thread stands for the reader's hardware. */
    private static final int TAPPER_PRIORITY = 2;

    /**
     * Runs the calling thread (the tapper) in real time above the door's badge path, where it
     * may: a reader module sends its frame whatever the Pi is doing, so the time from just before
     * the write must not include the tapper waiting for a core. Where it may not, the taps also
     * time that wait, and read slower than they are.
     */
    private static void tapperAboveTheDoor() {
        try {
            C.INSTANCE.sched_setscheduler(0, 1 /* SCHED_FIFO */, new int[] {TAPPER_PRIORITY});
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // not Linux: the tapper runs as it can
        }
    }

    /**
     * The package's unit sets {@code LimitRTPRIO=1}; this JVM sets the same limit on itself where it
     * may (as root, or under a hard limit that allows it), so that the door's badge path runs as on
     * a Pi. Where neither that nor real time itself is allowed, the door runs at the normal
     * priority, and the figures say so.
     */
    private static void grantRealtimeAsTheUnitDoes() {
        try (com.sun.jna.Memory limit = new com.sun.jna.Memory(2L * com.sun.jna.Native.LONG_SIZE)) {
            if (C.INSTANCE.getrlimit(14 /* RLIMIT_RTPRIO */, limit) != 0) {
                return;
            }
            long hard = limit.getNativeLong(com.sun.jna.Native.LONG_SIZE).longValue();
            // The unit grants the door 1; the tapper, standing for the hardware, runs above it.
            limit.setNativeLong(0, new com.sun.jna.NativeLong(TAPPER_PRIORITY));
            limit.setNativeLong(com.sun.jna.Native.LONG_SIZE,
                    new com.sun.jna.NativeLong(hard == -1 ? -1 : Math.max(TAPPER_PRIORITY, hard)));
            if (C.INSTANCE.setrlimit(14, limit) != 0) {
                // A container may refuse to raise the limit yet allow real time (CAP_SYS_NICE);
                // whether the door got it is read back from the door, not assumed.
                org.accessctl.threads.Scheduling.treatRealtimeAsGranted();
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // not Linux: the door runs as it can
        }
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        boolean countStored = args.length > 2 && args[2].equals("count-stored");
        grantRealtimeAsTheUnitDoes();
        Properties settings = new Properties();
        settings.putAll(System.getProperties());
        List<String> lines = new ArrayList<>();
        try (InProcessDoor door = InProcessDoor.start(settings);
             ReadDb read = countStored ? new ReadDb(Path.of(settings.getProperty("db.path"))) : null;
             BareSerialRead bare = BareSerialRead.open()) {
            if (!door.awaitOnline(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the door did not connect");
            }
            Path go = stop.resolveSibling("taps.go");
            while (!Files.exists(go) && !Files.exists(stop)) {
                BenchMain.sleep(5);
            }
            Contention contention = Contention.start("door-loop");
            tapperAboveTheDoor();
            int tap = 0;
            while (!Files.exists(stop)) {
                long stored = read == null ? -1 : read.freshRecords();
                long nanos = door.grant(door.entry(), SyntheticSite.staffBadge(1 + 10 * (tap++ % 50)), 30_000);
                if (!door.walkThrough(30_000)) { // also after a missed tap: a late grant must not stay open
                    throw new IllegalStateException("the strike did not relock after the door opened and closed");
                }
                BenchMain.sleep(40);
                long floor = bare.tap(org.accessctl.serial.FrameEncoder.encode(door.entry().format(), SyntheticSite.staffBadge(1)), 30_000);
                lines.add(nanos + " " + stored + " " + floor);
                BenchMain.sleep(40);
            }
            Contention.Seen seen = contention == null ? null : contention.seen();
            lines.add(0, seen == null ? "contention none" : String.format(java.util.Locale.ROOT,
                    "contention %f %f %f %d %f %f %s", seen.seconds(), seen.runningSeconds(), seen.waitingSeconds(),
                    seen.pauses(), seen.pausedMillis(), seen.longestPauseMillis(), seen.realtime() ? "realtime" : "normal"));
        }
        Path partial = results.resolveSibling(results.getFileName() + ".part");
        Files.write(partial, lines);
        Files.move(partial, results, StandardCopyOption.ATOMIC_MOVE);
        System.exit(0);
    }
}
