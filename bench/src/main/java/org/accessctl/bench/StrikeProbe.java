package org.accessctl.bench;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.lang.reflect.Field;
import org.accessctl.gpio.Pi4jDoorIo;
import org.accessctl.sim.SimulatedDoor;

/**
 * Watches the strike relay's mock pin: a Pi4J listener on the output, called on the thread that
 * drives the pin (the door loop), notes {@link System#nanoTime()} of every level change. No
 * polling, so the probe costs the door nothing between changes.
 */
final class StrikeProbe {

    private boolean high;
    private volatile String drivingThread;

    StrikeProbe(SimulatedDoor door) {
        DigitalOutput strike = gpio(door).registry().get(Pi4jDoorIo.STRIKE_RELAY_ID, DigitalOutput.class);
        synchronized (this) {
            high = strike.state() == DigitalState.HIGH;
        }
        strike.addListener(e -> changed(e.state() == DigitalState.HIGH));
    }

    /**
     * The simulator keeps its Pi4J context to itself (it hands out only {@code SimulatedPins},
     * which reads levels but cannot listen); the benchmark is not allowed to change the
     * simulator, so it takes the context by reflection.
     */
    private static Context gpio(SimulatedDoor door) {
        try {
            Field f = SimulatedDoor.class.getDeclaredField("gpio");
            f.setAccessible(true);
            return (Context) f.get(door);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the simulator's GPIO context", e);
        }
    }

    private void changed(boolean nowHigh) {
        long t = System.nanoTime();
        drivingThread = Thread.currentThread().getName();
        synchronized (this) {
            int i = nowHigh ? 1 : 0;
            count[i]++;
            last[i] = t;
            high = nowHigh;
            notifyAll();
        }
    }

    private final long[] count = new long[2];
    private final long[] last = new long[2];

    /** How often the pin went to this level so far. */
    synchronized long changes(boolean toHigh) {
        return count[toHigh ? 1 : 0];
    }

    String drivingThread() {
        return drivingThread;
    }

    /**
     * Waits until the pin has gone to {@code toHigh} more than {@code since} times; returns the
     * time of the latest such change, or -1 on timeout.
     */
    synchronized long await(long since, boolean toHigh, long timeoutMillis) throws InterruptedException {
        int i = toHigh ? 1 : 0;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (count[i] <= since) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return last[i];
    }

    synchronized boolean high() {
        return high;
    }
}
