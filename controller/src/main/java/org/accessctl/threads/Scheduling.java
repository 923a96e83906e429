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
 * How the door's threads ask Linux for a core. The badge path (the readers, the door loop) keeps
 * the normal priority and asks for short time slices, so that it runs as soon as it wakes; every
 * thread whose work can wait is lowered to {@code nice} 10: reading the broker's burst of retained
 * records, publishing events, chores, and the JIT compiler. On a Pi's few cores a tap is then not
 * queued for a core behind a sync. A thread's children inherit its priority, so lowering the MQTT
 * link's thread lowers every thread Paho starts from it. None of this needs a privilege.
 * Elsewhere, or where the C library lacks a call, it does nothing.
 */
public final class Scheduling {

    private static final Logger log = LoggerFactory.getLogger(Scheduling.class);
    public static final int NICE = 10;
    private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
    private static volatile boolean unavailable = !Platform.isLinux();

    private interface C extends Library {
        int gettid();

        int setpriority(int which, int who, int priority);

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
    private static final ThreadLocal<Boolean> SHORT = ThreadLocal.withInitial(() -> false);

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
     * Asks the scheduler for short time slices for the calling thread (a badge reader, the door
     * loop), at the normal priority. Since Linux 6.12 a thread with a shorter slice than the one
     * running preempts it when it wakes, instead of waiting for that slice to end: a tap's thread
     * then runs within microseconds, not after up to a few milliseconds of a busy broker's or
     * sync's slice. Its share of the processor is unchanged. Older kernels take the call and
     * ignore the slice; needs no privilege. Once per thread.
     */
    public static void shortSlices() {
        if (unavailable || SCHED_SETATTR == 0 || SHORT.get()) {
            return;
        }
        SHORT.set(true);
        try (com.sun.jna.Memory attr = new com.sun.jna.Memory(48)) {
            attr.clear();
            attr.setInt(0, 48);                      // size: SCHED_ATTR_SIZE_VER0
            attr.setInt(4, 0);                       // sched_policy: SCHED_OTHER
            attr.setLong(8, 0);                      // sched_flags
            attr.setInt(16, 0);                      // sched_nice
            attr.setInt(20, 0);                      // sched_priority
            attr.setLong(24, SHORT_SLICE_NANOS);     // sched_runtime: the slice
            long r = Holder.C.syscall(new com.sun.jna.NativeLong(SCHED_SETATTR),
                    new com.sun.jna.NativeLong(Holder.C.gettid()), attr, new com.sun.jna.NativeLong(0)).longValue();
            if (r != 0) {
                log.debug("short time slices not available for {} ({})", Thread.currentThread().getName(), r);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            log.debug("short time slices not available: {}", e.getMessage());
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
