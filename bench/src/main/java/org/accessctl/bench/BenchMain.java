package org.accessctl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar bench/target/door-bench.jar --out docs/benchmarks.md}: runs every benchmark
 * and writes the page. {@code bench/run} is the one command that builds, runs the scenario tests
 * with {@code -Xmx64m} and then this.
 */
public final class BenchMain {

    static final String COMMAND = "bench/run";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        Path out = Path.of(option(a, "--out", "docs/benchmarks.md"));
        Sizes sizes = a.contains("--smoke") ? Sizes.SMOKE : Sizes.FULL;
        Path work = Path.of(option(a, "--work", "bench/target/work"));
        String only = option(a, "--only", "");
        deleteTree(work);
        Files.createDirectories(work);
        // The controller logs every event and record at info, as it does on a Pi: into a file here,
        // so the cost stays in the figures and the console stays readable.
        System.setProperty("org.slf4j.simpleLogger.logFile", work.resolve("controller.log").toString());
        // --fleet 50x10000,100x10000,20x100000:signed measures other fleets (doors x persons, signed records with
        // :signed); --fleet-jvm-doors how many doors a process runs
        sizes = new Sizes(sizes.name(), sizes.persons(), sizes.visits(), sizes.warmup(), sizes.grants(), sizes.syncEach(),
                sizes.throughputSeconds(), sizes.backlog(), sizes.drainCapSeconds(), option(a, "--fleet", sizes.fleet()),
                Integer.parseInt(option(a, "--fleet-jvm-doors", String.valueOf(sizes.fleetDoorsPerJvm()))));
        List<Section> sections = runAll(sizes, work, only, scenarioTests(Path.of(".")));
        String page = page(sizes, sections);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, page, StandardCharsets.UTF_8);
        System.out.println(page);
        System.out.println("written: " + out);
        System.exit(0);
    }

    static List<Section> runAll(Sizes sizes, Path work, String only, String scenarioTests) throws Exception {
        List<Section> sections = new ArrayList<>();
        if (only.equals("fleet")) {
            // The fleet publishes its own directory: no old copy to preload.
            fleet(sizes, work, sections);
            return sections;
        }
        SyntheticSite dir = new SyntheticSite(sizes.persons(), sizes.visits());
        Path template = work.resolve("directory.db");
        long t = System.nanoTime();
        dir.preload(template);
        log(String.format("directory preloaded (%,d persons, %,d visits) in %.1f s", dir.persons(), dir.visits(),
                (System.nanoTime() - t) / 1e9));
        if (wanted(only, "latency")) {
            sections.add(timed("latency", () -> LatencyBench.run(sizes, work, template, dir)));
        }
        if (wanted(only, "sync")) {
            sections.add(timed("sync", () -> SyncBench.run(sizes, work, template, dir)));
        }
        if (wanted(only, "flood")) {
            sections.add(timed("flood", () -> FloodBench.run(sizes, work, template, dir)));
        }
        if (wanted(only, "footprint")) {
            sections.add(timed("footprint", () -> FootprintBench.run(sizes, work, template, dir, scenarioTests)));
        }
        if (wanted(only, "throughput")) {
            sections.add(timed("throughput", () -> ThroughputBench.run(sizes, work, template, dir)));
        }
        if (wanted(only, "drain")) {
            sections.add(timed("drain", () -> DrainBench.run(sizes, work)));
        }
        if (wanted(only, "fleet")) {
            fleet(sizes, work, sections);
        }
        return sections;
    }

    /** Every fleet size, with plain or signed records as its spec says. */
    private static void fleet(Sizes sizes, Path work, List<Section> sections) throws Exception {
        for (FleetBench.Fleet f : FleetBench.Fleet.parse(sizes.fleet())) {
            sections.add(timed("fleet " + f.doors() + "x" + f.persons() + (f.signed() ? " signed" : ""),
                    () -> FleetBench.run(sizes, work, f, sizes.fleetDoorsPerJvm())));
        }
    }

    private interface Bench {
        Section run() throws Exception;
    }

    private static Section timed(String name, Bench b) throws Exception {
        log("running " + name + " …");
        long t = System.nanoTime();
        Section s = b.run();
        log(String.format("%s done in %.0f s", name, (System.nanoTime() - t) / 1e9));
        return s;
    }

    private static boolean wanted(String only, String name) {
        return only.isEmpty() || Arrays.asList(only.split(",")).contains(name);
    }

    static void log(String line) {
        System.err.println("[bench] " + line);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String page(Sizes sizes, List<Section> sections) {
        StringBuilder s = new StringBuilder();
        s.append("# Benchmarks\n\n");
        s.append("Written by the benchmark harness (module `bench`); do not edit by hand. Reproduce with\n\n");
        s.append("```sh\n").append(COMMAND).append("\n```\n\n");
        s.append("from the repository root (Java 17, Maven, Mosquitto). It runs the controller's and the simulator's "
                + "tests with `-Xmx64m` (as every build does), builds `bench/target/door-bench.jar` and runs "
                + "`java -jar bench/target/door-bench.jar --out docs/benchmarks.md`. "
                + "`mvn verify` runs the same benchmarks with tiny counts (`BenchSmokeTest`, a few seconds each) "
                + "so that they cannot rot; it checks that each produces its figures and meets its yes/no checks, "
                + "never how fast.\n\n");
        s.append("Run: ").append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz")))
                .append(" (").append(sizes.name()).append(" sizes)\n\n");
        s.append("## The machine\n\n").append(Machine.describe()).append('\n');
        s.append("## Goals at a glance\n\n| benchmark | figure | measured | goal | verdict |\n|---|---|---:|---|---|\n");
        for (Section sec : sections) {
            for (String row : sec.goalRows()) {
                s.append("| ").append(sec.title).append(" | ").append(row).append(" |\n");
            }
        }
        s.append('\n');
        for (Section sec : sections) {
            s.append(sec.markdown());
        }
        return s.toString();
    }

    /** What the surefire reports of the controller and the simulator say, if they were just run. */
    static String scenarioTests(Path root) {
        int tests = 0;
        int bad = 0;
        int files = 0;
        Pattern p = Pattern.compile("<testsuite [^>]*?tests=\"(\\d+)\"[^>]*?errors=\"(\\d+)\"[^>]*?failures=\"(\\d+)\"");
        Pattern q = Pattern.compile("<testsuite [^>]*?failures=\"(\\d+)\"[^>]*?errors=\"(\\d+)\"[^>]*?tests=\"(\\d+)\"");
        for (String module : List.of("controller", "hardware-sim")) {
            Path dir = root.resolve(module).resolve("target/surefire-reports");
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var list = Files.list(dir)) {
                for (Path f : list.filter(x -> x.getFileName().toString().startsWith("TEST-")).toList()) {
                    String xml = Files.readString(f, StandardCharsets.UTF_8);
                    Matcher m = p.matcher(xml);
                    Matcher n = q.matcher(xml);
                    if (m.find()) {
                        tests += Integer.parseInt(m.group(1));
                        bad += Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
                        files++;
                    } else if (n.find()) {
                        tests += Integer.parseInt(n.group(3));
                        bad += Integer.parseInt(n.group(1)) + Integer.parseInt(n.group(2));
                        files++;
                    }
                }
            } catch (IOException e) {
                return "not run (" + e.getMessage() + ")";
            }
        }
        if (files == 0) {
            return "not run here (run `" + COMMAND + "`)";
        }
        return bad == 0 ? String.format("passed: %d tests of the controller and the simulator", tests)
                : String.format("%d of %d tests failed", bad, tests);
    }

    private static String option(List<String> a, String name, String fallback) {
        int i = a.indexOf(name);
        return i >= 0 && i + 1 < a.size() ? a.get(i + 1) : fallback;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
