package org.accessctl.gpio;

import com.pi4j.context.Context;
import org.accessctl.core.ElapsedTime;

/**
 * Drives the strike relay to its locked level and lets go: what runs after the daemon has exited,
 * however it exited ({@code ExecStopPost=} of the service). A process killed outright
 * ({@code kill -9}, the out-of-memory killer) runs no code of its own, and a released GPIO line
 * keeps its last level, so without this a door could stay unlocked until the next start.
 */
public final class StrikeLock {

    private StrikeLock() {
    }

    /**
     * @throws RuntimeException when the GPIO provider or the pin cannot be had (named in the message)
     */
    public static void lock(String provider, GpioPins pins) {
        Context context = GpioContexts.create(provider);
        try {
            // Claims the strike first, at its locked level, and locks it again on close.
            new Pi4jDoorIo(context, pins, ElapsedTime.SYSTEM).close();
        } finally {
            context.shutdown();
        }
    }
}
