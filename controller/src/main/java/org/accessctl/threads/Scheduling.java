package org.accessctl.threads;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the door's threads ask Linux for a core. The badge path (the readers, the door loop) runs
 * before everything else: at the lowest real-time priority where the service grants it (the
 * unit's {@code LimitRTPRIO=1}), else at the normal priority with short time slices. Every thread
 * whose work can wait is lowered to {@code nice} 10: reading the broker's burst of retained
 * records, publishing events, chores, and the JIT compiler. On a Pi's few cores a tap is then not
 * queued for a core behind a sync or a broker. A thread's children inherit its priority, so
 * lowering the MQTT link's thread lowers every thread Paho starts from it. Elsewhere, or where the
 * C library lacks a call, it does nothing.
 */
public final class Scheduling {

    private static final Logger log = LoggerFactory.getLogger(Scheduling.class);
    public static final int NICE = 10;
    private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
    private static volatile boolean unavailable = !Platform.isLinux();

    private interface C extends Library {
        int gettid();

        int setpriority(int which, int who, int priority);

        int getrlimit(int resource, com.sun.jna.Pointer limit);

        /** C's {@code long} in and out: 32 bits on a 32-bit Raspberry Pi OS, 64 on arm64. */
        com.sun.jna.NativeLong syscall(com.sun.jna.NativeLong number, Object... args);
    }

    /** Linux's {@code sched_setattr} by architecture (x86-64, arm64, 32-bit arm); 0 where unknown. */
    private static final long SCHED_SETATTR = switch (Platform.ARCH) {
        case "x86-64" -> 314;
        case "aarch64" -> 274;
        case "arm" -> 380;
        default -> 0;
    };
    /** The slice the badge path asks for: the scheduler's shortest. */
    static final long SHORT_SLICE_NANOS = 100_000;
    /** SCHED_FIFO's lowest: above every normal thread, below whatever the system runs in real time. */
    static final int REALTIME_PRIORITY = 1;
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_FIFO = 1;
    private static final int RLIMIT_RTPRIO = 14;

    /** How a thread of the badge path runs. */
    public enum Mode {
        /** SCHED_FIFO at {@link #REALTIME_PRIORITY}: granted by the service. */
        REALTIME,
        /** The normal priority with short slices (or plain, on a kernel before 6.12). */
        SHORT_SLICES,
        /** The calls are not available. */
        NORMAL
    }

    private static volatile boolean grantedOtherwise;
    private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();

    private Scheduling() {
    }

    /** Once per thread; cheap after the first call. */
    public static void lowerCurrentThread() {
        if (unavailable || DONE.get()) {
            return;
        }
        DONE.set(true);
        try {
            lower(Holder.C.gettid(), Thread.currentThread().getName());
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            unavailable = true;
            log.debug("thread priorities not available: {}", e.getMessage());
        }
    }

    /**
     * Puts the calling thread (a badge reader, the door loop) on the badge path and returns its
     * handle. Where the service grants real-time priority ({@link #realtimeGranted}), the thread
     * runs under SCHED_FIFO at the lowest real-time priority: when a frame arrives it runs at once,
     * ahead of every normal thread (a broker on the same Pi, a sync's bulk work, the JVM's
     * collector). These threads sleep but for a badge's few hundred microseconds: everything else
     * the loop does (records, commands, chores) runs stepped down ({@link BadgeThread#asBulkWork}),
     * so they take no core from anyone; the kernel keeps 5 % of each second for normal threads
     * whatever happens. Otherwise the thread asks for short time slices at the normal priority:
     * since Linux 6.12 it then preempts a running thread when it wakes, instead of waiting up to a
     * few milliseconds for that thread's slice to end.
     */
    public static BadgeThread badgePath() {
        return badgePath(realtimeGranted());
    }

    static BadgeThread badgePath(boolean realtimeGranted) {
        if (unavailable || SCHED_SETATTR == 0) {
            return BadgeThread.UNCHANGED;
        }
        int tid;
        try {
            tid = Holder.C.gettid();
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return BadgeThread.UNCHANGED;
        }
        Mode mode = realtimeGranted && set(tid, SCHED_FIFO) ? Mode.REALTIME
                : set(tid, SCHED_OTHER) ? Mode.SHORT_SLICES : Mode.NORMAL;
        if (TOLD.compareAndSet(false, true)) {
            if (mode == Mode.REALTIME) {
                log.info("badge path: real-time priority (SCHED_FIFO {})", REALTIME_PRIORITY);
            } else if (realtimeGranted) {
                log.warn("badge path: normal priority; real-time priority is granted but Linux refused it");
            } else {
                log.info("badge path: normal priority with short time slices (real-time priority is not granted:"
                        + " LimitRTPRIO=1 in the service grants it)");
            }
        }
        return new BadgeThread(tid, mode);
    }

    /** A thread on the badge path, as {@link #badgePath} left it; other threads may hurry it. */
    public static final class BadgeThread {

        /** Where nothing was changed: bulk work just runs, a hurry does nothing. */
        public static final BadgeThread UNCHANGED = new BadgeThread(0, Mode.NORMAL);

        private final int tid;
        private final Mode mode;
        private volatile boolean steppedDown;
        private volatile boolean hurried;

        private BadgeThread(int tid, Mode mode) {
            this.tid = tid;
            this.mode = mode;
        }

        public Mode mode() {
            return mode;
        }

        /**
         * Runs bulk work on this thread (the door loop's records, commands and chores) at the
         * normal priority, then returns it to real time: a sync of 200,000 records must not hold
         * a core for seconds against the broker's client and the kernel's own workers, which
         * carry a badge's bytes from the serial line. An input that arrives meanwhile is still
         * decided between two records, and {@link #hurry} brings the thread back to real time for
         * it. To be called on this thread only. Elsewhere, just runs the work.
         */
        public void asBulkWork(Runnable work) {
            if (mode != Mode.REALTIME) {
                work.run();
                return;
            }
            hurried = false;
            steppedDown = true;
            if (!set(tid, SCHED_OTHER)) {
                log.warn("the door loop could not step down from real-time priority for bulk work");
            }
            if (hurried) {
                set(tid, SCHED_FIFO); // a hurry came between the two lines above: the step undid it
            }
            try {
                work.run();
            } finally {
                steppedDown = false;
                if (!set(tid, SCHED_FIFO)) {
                    log.warn("the door loop could not return to real-time priority after bulk work");
                }
            }
        }

        /**
         * Called by whoever has just handed this thread an input (a badge reader, a pin's
         * listener): stepped down for bulk work, it goes back to real time at once, so that it
         * reaches the input after the record it is on instead of waiting for a core behind the
         * broker's client. Otherwise does nothing. Any thread may call it.
         */
        public void hurry() {
            hurried = true;
            if (steppedDown) {
                set(tid, SCHED_FIFO);
            }
        }
    }

    /**
     * Whether this process may use real-time priority: its soft {@code RLIMIT_RTPRIO} allows at
     * least {@link #REALTIME_PRIORITY}, as the unit's {@code LimitRTPRIO=1} sets it. Deliberately
     * not "whether the call would succeed": root may always, and a door run by hand or in tests
     * keeps the normal priority unless it is granted as the service is.
     */
    public static boolean realtimeGranted() {
        if (unavailable) {
            return false;
        }
        if (grantedOtherwise) {
            return true;
        }
        try (com.sun.jna.Memory limit = new com.sun.jna.Memory(2L * com.sun.jna.Native.LONG_SIZE)) {
            if (Holder.C.getrlimit(RLIMIT_RTPRIO, limit) != 0) {
                return false;
            }
            long soft = limit.getNativeLong(0).longValue();
            return soft == -1 /* RLIM_INFINITY */ || soft >= REALTIME_PRIORITY;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }

    /**
     * For a program that may use real-time priority without the limit (root's {@code CAP_SYS_NICE})
     * and means the door to run as the service does: the benchmark's door, where the machine
     * refuses to raise the limit itself.
     */
    public static void treatRealtimeAsGranted() {
        grantedOtherwise = true;
    }

    /** sched_setattr for thread {@code tid}: SCHED_FIFO at the lowest priority, or SCHED_OTHER with short slices. */
    private static boolean set(int tid, int policy) {
        try (com.sun.jna.Memory attr = new com.sun.jna.Memory(48)) {
            attr.clear();
            attr.setInt(0, 48);                      // size: SCHED_ATTR_SIZE_VER0
            attr.setInt(4, policy);                  // sched_policy
            // SCHED_FLAG_RESET_ON_FORK: a thread this one starts (an executor's worker created on
            // a first submit) runs at the normal priority, not in real time. Always set: without
            // CAP_SYS_NICE, as under the unit, Linux refuses to clear it again (a step down would fail).
            attr.setLong(8, 1);                      // sched_flags
            attr.setInt(16, 0);                      // sched_nice
            attr.setInt(20, policy == SCHED_FIFO ? REALTIME_PRIORITY : 0); // sched_priority
            attr.setLong(24, policy == SCHED_FIFO ? 0 : SHORT_SLICE_NANOS); // sched_runtime: the slice
            long r = Holder.C.syscall(new com.sun.jna.NativeLong(SCHED_SETATTR),
                    new com.sun.jna.NativeLong(tid), attr, new com.sun.jna.NativeLong(0)).longValue();
            if (r != 0) {
                log.debug("scheduling policy {} not available for thread {} ({})", policy, tid,
                        com.sun.jna.Native.getLastError());
            }
            return r == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("scheduling policy {} not available: {}", policy, e.getMessage());
            return false;
        }
    }

    /** A thread factory whose threads run at the lower priority. */
    public static java.util.concurrent.ThreadFactory backgroundThreads(String name) {
        return work -> {
            Thread t = new Thread(() -> {
                lowerCurrentThread();
                work.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Lowers the JVM's JIT compiler threads (the compiler threads it adds later start from them and
     * inherit it). Compiling is what a sync's first seconds spend most on besides the records; a
     * tap's code is compiled early, and must not wait behind the rest.
     */
    public static void lowerCompilerThreads() {
        if (unavailable) {
            return;
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        lower(Integer.parseInt(task.getFileName().toString()), name);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | UnsatisfiedLinkError | RuntimeException e) {
            log.debug("compiler threads not lowered: {}", e.getMessage());
        }
    }

    private static void lower(int tid, String name) {
        if (Holder.C.setpriority(0 /* PRIO_PROCESS: with a thread id, that thread */, tid, NICE) != 0) {
            log.debug("could not lower the priority of {}", name);
        }
    }

    private static final class Holder {
        static final C C = Native.load(Platform.C_LIBRARY_NAME, C.class);
    }
}
