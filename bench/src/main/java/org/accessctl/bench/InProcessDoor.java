package org.accessctl.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.accessctl.sim.SimulatedDoor;
import org.accessctl.sim.SimulatedReader;
import org.accessctl.testing.FreePort;

/** The simulator started inside the benchmark's process, so the strike can be timed to the nanosecond. */
final class InProcessDoor implements AutoCloseable {

    final SimulatedDoor door;
    final StrikeProbe strike;

    private InProcessDoor(SimulatedDoor door) {
        this.door = door;
        this.strike = new StrikeProbe(door);
    }

    static InProcessDoor start(Path db, String mqttUrl, String... settings) throws Exception {
        Properties p = new Properties();
        p.setProperty("db.path", db.toString());
        p.setProperty("mqtt.url", mqttUrl);
        p.setProperty("sim.http.port", String.valueOf(FreePort.pick()));
        p.setProperty("sim.broker.port", String.valueOf(FreePort.pick()));
        for (String s : settings) {
            int eq = s.indexOf('=');
            p.setProperty(s.substring(0, eq), s.substring(eq + 1));
        }
        return start(p);
    }

    /** The door contact's debounce, set here so that {@link #walkThrough} knows it. */
    private static final int CONTACT_DEBOUNCE_MILLIS = 50;

    /** With every setting given; the strike's time is one second, so that a relock is quick. */
    static InProcessDoor start(Properties settings) throws Exception {
        Properties p = new Properties();
        p.putAll(settings);
        p.setProperty("timing.strikeSeconds", "1");
        p.setProperty("timing.contactDebounceMillis", String.valueOf(CONTACT_DEBOUNCE_MILLIS));
        return new InProcessDoor(SimulatedDoor.start(null, p));
    }

    boolean awaitOnline(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!door.service().mqttConnected()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            BenchMain.sleep(2);
        }
        return true;
    }

    SimulatedReader entry() {
        return door.reader("entry");
    }

    SimulatedReader exit() {
        return door.reader("exit");
    }

    /**
     * Writes a frame and waits for the strike to release. Returns nanoseconds from the moment
     * before the frame's write to the moment the pin changed, or -1 if the strike did not release
     * within the timeout.
     */
    long grant(SimulatedReader reader, String uid, long timeoutMillis) throws IOException, InterruptedException {
        long since = strike.changes(true);
        // From before the write: a reader and a loop at real-time priority may answer before the
        // writing thread returns from its write, which would hide their time.
        long writing = System.nanoTime();
        reader.tap(uid);
        long changed = strike.await(since, true, timeoutMillis);
        return changed < 0 ? -1 : changed - writing;
    }

    /** Moves the clock past the strike time (and the escort window) and waits for the relock. */
    boolean relock(long timeoutMillis) throws InterruptedException {
        if (!strike.high()) {
            return true;
        }
        long since = strike.changes(false);
        door.clock().advance(Duration.ofSeconds(31));
        door.service().loop().tick();
        return strike.await(since, false, timeoutMillis) >= 0;
    }

    /**
     * Someone walks through: the door opens and closes, each held past the contact's debounce on
     * the door's clock, and the strike relocks behind them. The clock moves on by the two
     * debounces only, not past the strike time as {@link #relock} does: what the door counts per
     * minute (its refusals, for one) sees minutes at most about twice as fast as real ones.
     */
    boolean walkThrough(long timeoutMillis) throws InterruptedException {
        if (!strike.high()) {
            return true;
        }
        long since = strike.changes(false);
        Duration debounce = Duration.ofMillis(CONTACT_DEBOUNCE_MILLIS + 1);
        door.pins().openDoor();
        door.clock().advance(debounce);
        door.service().loop().tick();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!door.service().status().doorOpen()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            BenchMain.sleep(1);
        }
        door.pins().closeDoor();
        door.clock().advance(debounce);
        door.service().loop().tick();
        return strike.await(since, false, timeoutMillis) >= 0;
    }

    @Override
    public void close() {
        door.close();
    }
}
