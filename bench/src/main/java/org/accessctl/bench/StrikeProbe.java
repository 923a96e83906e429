package org.accessctl.bench;

import org.accessctl.sim.SimulatedDoor;
import org.accessctl.sim.SimulatedPins;

/**
 * Watches the strike relay's mock pin: a Pi4J listener on the output, called on the thread that
 * drives the pin (the door loop), notes {@link System#nanoTime()} of every level change. No
 * polling, so the probe costs the door nothing between changes.
 */
final class StrikeProbe {

    private boolean high;
    private volatile String drivingThread;

    StrikeProbe(SimulatedDoor door) {
        SimulatedPins pins = door.pins();
        synchronized (this) {
            high = pins.relayHigh();
        }
        pins.onRelayChange(this::changed);
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
