package org.accessctl.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.accessctl.testing.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A flood of junk command tokens at the door, through a stock Mosquitto: 10,000 a second. While it
 * lasts, a staff badge is tapped several times a second (frame-to-relay latency, and a bare read as the floor), and a person is
 * deactivated upstream (time from the broker's acknowledgement of the retained record to the
 * door's copy saying inactive). The same revocation without a flood gives the floor.
 */
final class FloodBench {

    static final int RATE = 10_000;

    private FloodBench() {
    }

    static Section run(Sizes sizes, Path work, Path template, SyntheticSite dir) throws Exception {
        Path here = Files.createDirectories(work.resolve("flood"));
        Path db = here.resolve("door.db");
        Files.copy(template, db);
        int seconds = sizes.smoke() ? 3 : 20;
        Section s = new Section("A flood of bad commands",
                String.format("%,d junk tokens a second", RATE) + " published at QoS 0 to the door's `commands` topic on "
                        + "Mosquitto in its default configuration, for " + seconds + " s, with " + String.format("%,d", dir.persons())
                        + " persons in the store and on the broker (retained, as a site's broker holds them): the flood "
                        + "starts once the door's start-up sync has ended. The door runs as a Pi runs it: the simulator in a JVM of its own with the "
                        + "package launcher's flags. During the flood a staff badge is tapped several times a second "
                        + "(after each tap the door opens and closes and the strike relocks behind the person; frame-to-relay latency "
                        + "as in the latency benchmark, inside the door's JVM; between two taps a bare thread at the badge path's priority "
                        + "reads a frame from a pseudo-terminal of its own: the floor, what the kernel gives any reader under the same load), and halfway through a person is deactivated "
                        + "upstream (a retained record at QoS 1): the revocation delay runs from the broker's acknowledgement to "
                        + "the door's copy saying inactive (read from the database). The same revocation with no flood is the floor.");
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            // Without the directory on the broker, the door's start-up sync would find the set lost
            // and ask for each of its records, one by one, all through the flood.
            dir.publishRetained(broker.url(), dir.persons(), dir.visits());
            return measure(s, seconds, broker, here, db, dir);
        }
    }

    private static Section measure(Section s, int seconds, MosquittoProcess broker, Path here, Path db, SyntheticSite dir)
            throws Exception {
        try (TappedDoor door = TappedDoor.start(here.resolve("tapped"), db, broker.url(), false);
             ReadDb read = new ReadDb(db)) {
            // The flood meets a door at rest, as on a site.
            if (!read.awaitSyncEnd(Duration.ofMinutes(3).toNanos())) {
                throw new IllegalStateException("the door's start-up sync did not end within 3 minutes");
            }
            double floor = revoke(broker.url(), read, 3, dir);

            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong sent = new AtomicLong();
            Thread flood = new Thread(() -> flood(broker.url(), flooding, sent), "bench-flood");
            long t0 = System.nanoTime();
            flood.start();
            door.begin();
            double revocation = -1;
            while (System.nanoTime() - t0 < Duration.ofSeconds(seconds).toNanos()) {
                if (revocation < 0 && System.nanoTime() - t0 > Duration.ofSeconds(seconds).toNanos() / 2) {
                    revocation = revoke(broker.url(), read, 5, dir);
                }
                BenchMain.sleep(20);
            }
            TappedDoor.Taps taps = door.taps();
            flooding.set(false);
            flood.join();
            Contention.Seen seen = taps.contention();
            int missed = taps.missed();
            double rate = sent.get() / ((System.nanoTime() - t0) / 1e9);
            long logged = read.one("SELECT count(*) FROM events WHERE type = 'command_rejected'");
            // The limit is per minute of the door's clock, which the taps' relocks move on faster
            // than real time: count the minutes it saw.
            long doorMinutes = 1 + java.time.Duration.between(
                    java.time.Instant.parse(read.text("SELECT min(at) FROM events WHERE type = 'command_rejected'")),
                    java.time.Instant.parse(read.text("SELECT max(at) FROM events WHERE type = 'command_rejected'")))
                    .toMinutes();

            s.info("junk tokens published", sent.get(), String.format("%,d (%,.0f/s)", sent.get(), rate));
            long[] a = taps.nanos();
            Stats st = new Stats(a, a.length);
            s.check("staff badge answered during the flood", missed == 0 && a.length > 0,
                    String.format("%d of %d taps granted", a.length, a.length + missed), "every tap");
            s.info("frame-to-relay latency during the flood: p50", st.percentileMillis(50), Stats.ms(st.percentileMillis(50)));
            s.atMost("frame-to-relay latency during the flood: p99", st.percentileMillis(99), Stats.ms(st.percentileMillis(99))
                    + String.format(" (%d taps)", a.length), 1.0, "1 ms");
            s.atMost("frame-to-relay latency during the flood: max", st.maxMillis(), Stats.ms(st.maxMillis()), 5.0, "5 ms");
            taps.reportFloor(s, "during the flood");
            if (seen != null) {
                s.note("What kept the door loop from answering at once: " + seen.describe("door-loop") + "; the "
                        + "flood's publisher runs in the benchmark's process at nice 10 (on a site it is another machine), "
                        + "the broker in its own at the normal priority.");
            }
            s.info("revocation delay, no flood (floor)", floor, Stats.ms(floor));
            s.atMost("revocation delay during the flood", revocation, Stats.ms(revocation), 1000, "1 s");
            s.check("refusals logged one by one, at most 20 a minute", logged <= 20L * doorMinutes && logged > 0,
                    String.format("%,d `command_rejected` events for %,d tokens over %d minute(s) of the door's clock",
                            logged, sent.get(), doorMinutes), "≤ 20 a minute");
        }
        return s;
    }

    /** Junk tokens at {@link #RATE} a second until told to stop. */
    private static void flood(String url, AtomicBoolean flooding, AtomicLong sent) {
        // On a site a flood comes over the network from another machine; here its publisher (and
        // the Paho threads it starts, which inherit this) must not take the door's cores at the
        // door's priority.
        org.accessctl.threads.Scheduling.lowerCurrentThread();
        try {
            MqttAsyncClient c = new MqttAsyncClient(url, "bench-flood-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(65_000);
            c.connect(o).waitForCompletion(10_000);
            long start = System.nanoTime();
            while (flooding.get()) {
                long due = (System.nanoTime() - start) * RATE / 1_000_000_000L;
                while (sent.get() < due && flooding.get()) {
                    MqttMessage m = new MqttMessage(("junk." + sent.get() + ".token").getBytes(StandardCharsets.US_ASCII));
                    m.setQos(0);
                    try {
                        c.publish("accessctl/main/doors/door-1/commands", m);
                        sent.incrementAndGet();
                    } catch (org.eclipse.paho.client.mqttv3.MqttException full) {
                        break; // Paho's own queue is full: try again on the next round
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            c.disconnect(2_000).waitForCompletion(3_000);
            c.close();
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new IllegalStateException("the flood's publisher failed", e);
        }
    }

    /** Deactivates person {@code i} upstream; milliseconds from the broker's ack to the door's copy. */
    private static double revoke(String url, ReadDb read, int i, SyntheticSite dir) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(url, "bench-revoke-" + System.nanoTime(), new MemoryPersistence());
        c.connect().waitForCompletion(10_000);
        try {
            String record = dir.personRecord(i).replace("\"active\":true", "\"active\":false");
            c.publish("accessctl/main/personnel/" + SyntheticSite.personId(i), record.getBytes(StandardCharsets.UTF_8), 1, true)
                    .waitForCompletion(10_000);
            long acked = System.nanoTime();
            long deadline = acked + Duration.ofSeconds(60).toNanos();
            while (read.one("SELECT active FROM persons WHERE person_id = '" + SyntheticSite.personId(i) + "'") != 0) {
                if (System.nanoTime() > deadline) {
                    return Double.POSITIVE_INFINITY;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
            return (System.nanoTime() - acked) / 1e6;
        } finally {
            c.disconnect(2_000).waitForCompletion(3_000);
            c.close();
        }
    }
}
