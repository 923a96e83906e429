package org.accessctl.mqtt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the thread that calls it (Linux {@code nice} 10 for that
 * thread alone). The broker sends a site's whole directory at once after every connect, and
 * reading it is work that can wait; the door loop and the badge readers must not wait for a CPU
 * behind it. Lowering one's own priority needs no privilege. Elsewhere, or where the C library
 * has no {@code gettid}, it does nothing.
 */
final class BackgroundPriority {

    private static final Logger log = LoggerFactory.getLogger(BackgroundPriority.class);
    static final int NICE = 10;
    private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
    private static volatile boolean unavailable = !Platform.isLinux();

    private interface C extends Library {
        int gettid();

        int setpriority(int which, int who, int priority);
    }

    private BackgroundPriority() {
    }

    /** Once per thread; cheap after the first call. */
    static void lowerCurrentThread() {
        if (unavailable || DONE.get()) {
            return;
        }
        DONE.set(true);
        try {
            C c = Holder.C;
            if (c.setpriority(0 /* PRIO_PROCESS: with a thread id, that thread */, c.gettid(), NICE) != 0) {
                log.debug("could not lower the priority of {}", Thread.currentThread().getName());
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            unavailable = true;
            log.debug("thread priorities not available: {}", e.getMessage());
        }
    }

    private static final class Holder {
        static final C C = Native.load(Platform.C_LIBRARY_NAME, C.class);
    }
}
