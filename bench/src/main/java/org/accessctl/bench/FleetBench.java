package org.accessctl.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.ToolRun;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The fleet: many doors of one site on one Mosquitto in its stock configuration, each door its
 * own controller (database, readers, pins, MQTT client) in simulator processes of
 * {@code doorsPerJvm} doors each. Measured: the time until every door has synced the site's
 * retained persons; a revocation published once and the time until each door refuses the badge;
 * every door's published events checked with {@code verify-log --events}; threads, heap and
 * resident memory per door; the broker's CPU.
 */
final class FleetBench {

    /** One size of fleet: doors, persons retained on the broker, and whether their records are signed. */
    record Fleet(int doors, int persons, boolean signed) {

        /** {@code 200x10000,20x100000,20x100000:signed} */
        static List<Fleet> parse(String spec) {
            List<Fleet> out = new ArrayList<>();
            for (String part : spec.split(",")) {
                String p = part.trim();
                boolean signed = p.endsWith(":signed");
                String[] nx = (signed ? p.substring(0, p.length() - ":signed".length()) : p).split("x");
                out.add(new Fleet(Integer.parseInt(nx[0]), Integer.parseInt(nx[1]), signed));
            }
            return out;
        }

        String records() {
            return signed ? "each signed by the site's directory key, `records.directoryKeys` set at every door"
                    : "plain JSON";
        }
    }

    static final double REVOCATION_GOAL_MS = 2000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FleetBench() {
    }

    static Section run(Sizes sizes, Path work, Fleet fleet, int doorsPerJvm) throws Exception {
        int jvms = (fleet.doors() + doorsPerJvm - 1) / doorsPerJvm;
        String title = String.format("Fleet: %,d doors, %,d persons", fleet.doors(), fleet.persons())
                + (fleet.signed() ? ", signed records" : "");
        Section s = new Section(title, String.format("%,d doors of one site, each its own controller (database, "
                + "pseudo-terminal readers, mock pins, MQTT client `door-main-door-N`), in %d simulator process%s of "
                + "up to %d doors (the Pi launcher's JVM flags, heap %d MiB a process), on one Mosquitto in its stock "
                + "configuration (1,000 messages queued and 20 in flight per client: nothing set for the doors). "
                + "The broker holds %,d retained persons (%s) before the doors start, on empty databases. Sync: from "
                + "the start of the processes until every door's `sync_completed` reached a subscriber on "
                + "`accessctl/main/doors/+/events`, and per door from its `online` to its `sync_completed`. "
                + "Revocation: one person's record published once more with `\"active\": false` (retained, QoS 1%s); "
                + "time until each door holds it (the door decides from that copy; seen by a read-only look at its "
                + "database whenever its write-ahead log changes), then the badge is tapped at every door and each "
                + "must refuse it (`access_denied`, `inactive`). Events: every door's events as the subscriber "
                + "received them, checked with `verify-log --events` (seq contiguous from 1, chain verified) and "
                + "against the door's own log. Memory: after the sync, per process `jcmd GC.heap_info` after a "
                + "full collection and `VmRSS`, divided by its doors. Broker CPU from `/proc`.",
                fleet.doors(), jvms, jvms == 1 ? "" : "es", doorsPerJvm, heapMb(doorsPerJvm), fleet.persons(),
                fleet.records() + (fleet.signed() ? ", and the approver's own record" : ""),
                fleet.signed() ? ", signed with a later `iat`" : ""));
        Path here = Files.createDirectories(work.resolve(String.format("fleet-%dx%d%s", fleet.doors(), fleet.persons(),
                fleet.signed() ? "-signed" : "")));
        SyntheticSite dir = new SyntheticSite(fleet.persons(), 0);
        SyntheticSite.Signing signing = fleet.signed() ? new SyntheticSite.Signing() : null;
        List<String> keys = signing == null ? List.of() : List.of("-Drecords.directoryKeys=" + signing.keyFile(here));
        // The approver's own record comes with the signed directory.
        int held = fleet.persons() + (signing == null ? 0 : 1);
        List<String> ids = IntStream.rangeClosed(1, fleet.doors()).mapToObj(i -> "door-" + i).toList();
        long cap = Duration.ofMinutes(sizes.smoke() ? 2 : 30).toMillis();
        try (MosquittoProcess broker = MosquittoProcess.start();
             SiteWatcher site = new SiteWatcher(broker.url())) {
            double rate = dir.publishRetained(broker.url(), fleet.persons(), 0, signing);
            s.info("persons published before start (retained, QoS 1)", held, String.format("%,d (%,.0f/s)", held, rate));
            List<ChildSim> nodes = new ArrayList<>();
            Map<String, ChildSim> nodeOf = new HashMap<>();
            Map<String, Path> dbOf = new HashMap<>();
            double cpu0 = cpuSeconds(broker);
            long t0 = System.nanoTime();
            try {
                for (int k = 0; k < jvms; k++) {
                    List<String> mine = ids.subList(k * doorsPerJvm, Math.min(ids.size(), (k + 1) * doorsPerJvm));
                    Path nodeDir = here.resolve("node-" + (k + 1));
                    List<String> options = new ArrayList<>(jvmOptions(doorsPerJvm, nodeDir));
                    options.addAll(keys);
                    ChildSim node = ChildSim.start(nodeDir, options, nodeDir.resolve("door.db"),
                            broker.url(), FleetNode.class.getName(), mine);
                    nodes.add(node);
                    for (String id : mine) {
                        nodeOf.put(id, node);
                        dbOf.put(id, nodeDir.resolve(id).resolve("door.db"));
                    }
                }
                int online = site.awaitAll(ids, d -> d.onlineNanos > 0, cap);
                double allOnline = (System.nanoTime() - t0) / 1e9;
                int synced = site.awaitAll(ids, d -> d.first("sync_completed") > 0, cap);
                double allSynced = (System.nanoTime() - t0) / 1e9;
                double cpuSync = cpuSeconds(broker) - cpu0;
                s.info("start until every door online", allOnline,
                        String.format("%.1f s (%d of %d)", allOnline, online, fleet.doors()));
                s.check("every door synced", synced == fleet.doors(),
                        String.format("%d of %d, all within %.1f s of the start", synced, fleet.doors(), allSynced), "all");
                long[] perDoor = ids.stream().mapToLong(id -> {
                    SiteWatcher.Door d = site.door(id);
                    return d.first("sync_completed") > 0 && d.onlineNanos > 0 ? d.first("sync_completed") - d.onlineNanos : -1;
                }).filter(n -> n >= 0).toArray();
                Stats syncStats = new Stats(perDoor, perDoor.length);
                s.info("sync per door, online until synced: p50", syncStats.percentileMillis(50) / 1000,
                        seconds(syncStats.percentileMillis(50)));
                s.info("sync per door: max", syncStats.maxMillis() / 1000, seconds(syncStats.maxMillis()));
                int complete = 0;
                for (String id : ids) {
                    try (ReadDb read = new ReadDb(dbOf.get(id))) {
                        complete += read.one("SELECT count(*) FROM persons") == held ? 1 : 0;
                    }
                }
                s.check("every door holds every person", complete == fleet.doors(),
                        String.format("%d of %d doors", complete, fleet.doors()), "all");
                s.info("broker CPU during the sync", cpuSync, String.format("%.1f s (%.0f%% of one core over %.1f s)",
                        cpuSync, 100 * cpuSync / allSynced, allSynced));

                memory(s, nodes, fleet.doors());

                revocation(s, broker, site, dir, signing, ids, dbOf, nodeOf, fleet.persons());
                events(s, site, ids, dbOf, here);
                s.info("broker resident memory", residentKb(broker), Stats.mib(residentKb(broker)));
            } finally {
                for (ChildSim node : nodes) {
                    node.close();
                }
            }
        }
        return s;
    }

    /** The Pi launcher's flags, with a heap for the doors of one process. */
    private static List<String> jvmOptions(int doors, Path nodeDir) {
        return List.of("-Xms32m", "-Xmx" + heapMb(doors) + "m", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
                "-XX:ReservedCodeCacheSize=48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Dorg.slf4j.simpleLogger.logFile=" + nodeDir.resolve("controller.log"));
    }

    private static int heapMb(int doors) {
        return 64 + 32 * doors;
    }

    private static void memory(Section s, List<ChildSim> nodes, int doors) {
        long heap = 0;
        long rss = 0;
        long threads = 0;
        for (ChildSim node : nodes) {
            heap += node.heapUsedKb(true);
            rss += node.residentKb()[0];
            threads += node.threads();
        }
        s.info("threads per door", (double) threads / doors, String.format("%.1f (%,d in %d processes)",
                (double) threads / doors, threads, nodes.size()));
        s.info("heap per door (after a full collection)", (double) heap / doors,
                Stats.mib((double) heap / doors) + " (" + Stats.mib(heap) + " in all)");
        s.info("resident memory per door", (double) rss / doors,
                Stats.mib((double) rss / doors) + " (" + Stats.mib(rss) + " in all)");
    }

    /** One revocation published once; the time until each door holds it; then the badge at every door. */
    private static void revocation(Section s, MosquittoProcess broker, SiteWatcher site, SyntheticSite dir,
                                   SyntheticSite.Signing signing, List<String> ids, Map<String, Path> dbOf,
                                   Map<String, ChildSim> nodeOf, int persons) throws Exception {
        int person = persons / 2 + 1;
        String personId = SyntheticSite.personId(person);
        Map<String, ReadDb> reads = new HashMap<>();
        Map<String, Long> refusedAt = new HashMap<>();
        double cpu0 = cpuSeconds(broker);
        MqttClient upstream = new MqttClient(broker.url(), "bench-directory-" + System.nanoTime(), new MemoryPersistence());
        try {
            for (String id : ids) {
                reads.put(id, new ReadDb(dbOf.get(id)));
            }
            upstream.connect();
            String record = dir.revokedPersonRecord(person);
            if (signing != null) {
                record = signing.sign(signing.persons, record, signing.iat + 1);
            }
            MqttMessage m = new MqttMessage(record.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            m.setRetained(true);
            long published = System.nanoTime();
            upstream.publish("accessctl/main/personnel/" + personId, m);
            long deadline = published + Duration.ofSeconds(60).toNanos();
            String sql = "SELECT coalesce((SELECT active FROM persons WHERE person_id = '" + personId + "'), 0)";
            while (refusedAt.size() < ids.size() && System.nanoTime() < deadline) {
                for (String id : ids) {
                    if (refusedAt.containsKey(id)) {
                        continue;
                    }
                    // A query, not a look at the write-ahead log's size and time: a commit can leave
                    // both as they were (frames rewritten in place, a coarse clock), and the door
                    // would never be seen to hold the revocation.
                    if (reads.get(id).one(sql) == 0) {
                        refusedAt.put(id, System.nanoTime() - published);
                    }
                }
                BenchMain.sleep(2);
            }
        } finally {
            reads.values().forEach(ReadDb::close);
            if (upstream.isConnected()) {
                upstream.disconnect();
            }
            upstream.close();
        }
        long[] nanos = refusedAt.values().stream().mapToLong(Long::longValue).toArray();
        Stats st = new Stats(nanos, nanos.length);
        s.info("revocation until refused at every door: p50", st.percentileMillis(50), Stats.ms(st.percentileMillis(50)));
        s.info("revocation: p99", st.percentileMillis(99), Stats.ms(st.percentileMillis(99)));
        if (nanos.length == ids.size()) {
            s.atMost("revocation until refused at every door: max", st.maxMillis(),
                    Stats.ms(st.maxMillis()) + String.format(" (%d doors)", ids.size()), REVOCATION_GOAL_MS, "2 s");
        } else {
            s.check("revocation until refused at every door: max", false,
                    String.format("%d of %d doors within 60 s", nanos.length, ids.size()), "≤ 2 s");
        }
        s.info("broker CPU for the revocation", cpuSeconds(broker) - cpu0,
                String.format("%.2f s", cpuSeconds(broker) - cpu0));

        String badge = SyntheticSite.staffBadge(person);
        for (String id : ids) {
            tap(nodeOf.get(id), id, badge);
        }
        int refused = 0;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String id : ids) {
            while (!site.has(id, e -> "access_denied".equals(e.get("type")) && badge.equals(e.get("badgeUid"))
                    && "inactive".equals(e.get("reason"))) && System.nanoTime() < end) {
                BenchMain.sleep(10);
            }
            refused += site.has(id, e -> "access_denied".equals(e.get("type")) && badge.equals(e.get("badgeUid"))
                    && "inactive".equals(e.get("reason"))) ? 1 : 0;
        }
        s.check("the revoked badge refused at every door (`inactive`)", refused == ids.size(),
                String.format("%d of %d doors", refused, ids.size()), "all");
    }

    private static void tap(ChildSim node, String door, String badge) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/doors/" + door
                + "/readers/entry/tap")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"" + badge + "\"}")).build();
        HttpResponse<String> r = HTTP.send(post, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("tap at " + door + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Every door's events as the subscriber got them: complete up to the door's own log, and the chain holds. */
    private static void events(Section s, SiteWatcher site, List<String> ids, Map<String, Path> dbOf, Path here)
            throws Exception {
        Path files = Files.createDirectories(here.resolve("events"));
        int verified = 0;
        long events = 0;
        List<String> broken = new ArrayList<>();
        for (String id : ids) {
            long stored;
            try (ReadDb read = new ReadDb(dbOf.get(id))) {
                stored = read.maxSeq();
            }
            site.awaitAll(List.of(id), d -> d.lastSeq >= stored, 60_000);
            Path file = files.resolve(id + ".jsonl");
            site.writeEvents(id, file);
            ToolRun verify = ToolRun.run("verify-log", "--events", file.toString());
            if (verify.status() == 0 && site.door(id).lastSeq == stored) {
                verified++;
                events += stored;
            } else if (broken.size() < 5) {
                broken.add(id + ": " + (verify.out() + verify.err()).strip() + " (log " + stored + ", received up to "
                        + site.door(id).lastSeq + ")");
            }
        }
        s.check("every door's events: seq contiguous, chain verified (`verify-log --events`)", verified == ids.size(),
                String.format("%d of %d doors (%,d events)", verified, ids.size(), events), "all");
        if (!broken.isEmpty()) {
            s.note("Doors whose events did not verify: " + String.join("; ", broken) + ".");
        }
    }

    private static String seconds(double millis) {
        return String.format("%.1f s", millis / 1000);
    }

    /** CPU time the broker has used so far (user and system), in seconds, from /proc. */
    private static double cpuSeconds(MosquittoProcess broker) {
        try {
            String stat = Files.readString(Path.of("/proc/" + broker.pid() + "/stat"));
            // The fields after the command name (which may hold spaces) in parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in USER_HZ (100)
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident memory of the broker in KiB, from /proc. */
    private static long residentKb(MosquittoProcess broker) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + broker.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }
}
