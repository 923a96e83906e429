package org.accessctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link TapProbe} in a JVM of its own with the package launcher's flags, seen from the
 * benchmark: it waits for the door to be online, lets the probe tap while the benchmark loads the
 * door ({@link #begin} to {@link #taps}), and collects the taps.
 */
final class TappedDoor implements AutoCloseable {

    /** What the probe measured: the answers (-1 for a tap not granted), records stored at each tap, and contention. */
    record Taps(long[] nanos, List<Long> storedAtTap, int missed, Contention.Seen contention, long[] floor) {

        /** The floor's p99 and max beside a tap's: what a bare read of the same line got under the same load. */
        void reportFloor(Section s, String during) {
            if (floor.length == 0) {
                return;
            }
            Stats f = new Stats(floor, floor.length);
            s.info("floor: a bare serial read " + during + ": p99", f.percentileMillis(99), Stats.ms(f.percentileMillis(99))
                    + String.format(" (%d reads)", floor.length));
            s.info("floor: a bare serial read " + during + ": max", f.maxMillis(), Stats.ms(f.maxMillis()));
        }
    }

    private final ChildSim sim;
    private final Path results;
    private final Path stop;

    private TappedDoor(ChildSim sim, Path results, Path stop) {
        this.sim = sim;
        this.results = results;
        this.stop = stop;
    }

    /**
     * Starts the door on {@code db}; {@code countStored} when the benchmark installed
     * {@link ReadDb#countFreshRecords}. Returns once the door is online.
     */
    static TappedDoor start(Path dir, Path db, String url, boolean countStored, String... settings) throws IOException {
        Path results = dir.resolve("taps.txt");
        Path stop = dir.resolve("taps.stop");
        Files.deleteIfExists(results);
        Files.deleteIfExists(stop);
        Files.deleteIfExists(stop.resolveSibling("taps.go"));
        List<String> args = new ArrayList<>(List.of(results.toString(), stop.toString()));
        if (countStored) {
            args.add("count-stored");
        }
        ChildSim sim = ChildSim.start(dir, PiLauncher.flags(dir, settings), db, url, "org.accessctl.bench.TapProbe", args);
        TappedDoor door = new TappedDoor(sim, results, stop);
        if (sim.awaitMqttOnline(Duration.ofSeconds(60)) < 0) {
            String log = sim.logText();
            door.close();
            throw new IllegalStateException("the door did not come online:\n" + log);
        }
        return door;
    }

    /** The probe starts tapping. */
    void begin() throws IOException {
        Files.createFile(stop.resolveSibling("taps.go"));
    }

    /** Stops the tapping and returns what the probe measured. */
    Taps taps() throws IOException {
        Files.createFile(stop);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(results)) {
            if (System.nanoTime() > deadline || !sim.alive() && !Files.exists(results)) {
                throw new IllegalStateException("the tapping door wrote no results:\n" + sim.logText());
            }
            BenchMain.sleep(20);
        }
        List<String> lines = Files.readAllLines(results);
        String[] c = lines.get(0).split(" ");
        Contention.Seen seen = c.length < 7 ? null : new Contention.Seen(Double.parseDouble(c[1]),
                Double.parseDouble(c[2]), Double.parseDouble(c[3]), Integer.parseInt(c[4]), Double.parseDouble(c[5]),
                Double.parseDouble(c[6]), c.length > 7 && c[7].equals("realtime"));
        List<Long> answers = new ArrayList<>();
        List<Long> stored = new ArrayList<>();
        List<Long> floor = new ArrayList<>();
        int missed = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(" ");
            if (f.length > 2 && Long.parseLong(f[2]) >= 0) {
                floor.add(Long.parseLong(f[2]));
            }
            long nanos = Long.parseLong(f[0]);
            if (nanos < 0) {
                missed++;
            } else {
                answers.add(nanos);
                stored.add(Long.parseLong(f[1]));
            }
        }
        return new Taps(answers.stream().mapToLong(Long::longValue).toArray(), stored, missed, seen,
                floor.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public void close() {
        sim.close();
    }
}
