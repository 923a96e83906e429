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
 * staff badge about ten times a second until the file STOP appears. Each tap's frame-to-relay latency is measured here, as in the latency benchmark,
 * so that nothing of the benchmark's own heap, collector or threads runs beside the door. Then it
 * writes RESULTS: a line of what kept the door loop from running, and a line a tap (nanoseconds,
 * and with {@code count-stored} the records stored when the tap was made).
 */
public final class TapProbe {

    private TapProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path results = Path.of(args[0]);
        Path stop = Path.of(args[1]);
        boolean countStored = args.length > 2 && args[2].equals("count-stored");
        Properties settings = new Properties();
        settings.putAll(System.getProperties());
        List<String> lines = new ArrayList<>();
        try (InProcessDoor door = InProcessDoor.start(settings);
             ReadDb read = countStored ? new ReadDb(Path.of(settings.getProperty("db.path"))) : null) {
            if (!door.awaitOnline(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the door did not connect");
            }
            Path go = stop.resolveSibling("taps.go");
            while (!Files.exists(go) && !Files.exists(stop)) {
                BenchMain.sleep(5);
            }
            Contention contention = Contention.start("door-loop");
            int tap = 0;
            while (!Files.exists(stop)) {
                long stored = read == null ? -1 : read.freshRecords();
                long nanos = door.grant(door.entry(), SyntheticSite.staffBadge(1 + 10 * (tap++ % 50)), 30_000);
                door.relock(30_000);
                lines.add(nanos + " " + stored);
                BenchMain.sleep(100);
            }
            Contention.Seen seen = contention == null ? null : contention.seen();
            lines.add(0, seen == null ? "contention none" : String.format(java.util.Locale.ROOT,
                    "contention %f %f %f %d %f %f", seen.seconds(), seen.runningSeconds(), seen.waitingSeconds(),
                    seen.pauses(), seen.pausedMillis(), seen.longestPauseMillis()));
        }
        Path partial = results.resolveSibling(results.getFileName() + ".part");
        Files.write(partial, lines);
        Files.move(partial, results, StandardCopyOption.ATOMIC_MOVE);
        System.exit(0);
    }
}
