package org.accessctl.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nice values as Linux reports them for each thread ({@code /proc/thread-self/stat}). */
class SchedulingTest {

    @BeforeAll
    static void linux() {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
    }

    @Test
    void aLoweredThreadRunsAtNiceTenAndTheThreadsItStartsInheritIt() throws Exception {
        AtomicInteger lowered = new AtomicInteger(-1);
        AtomicInteger child = new AtomicInteger(-1);
        int before = niceOfThisThread();
        Thread t = new Thread(() -> {
            Scheduling.lowerCurrentThread();
            lowered.set(niceOfThisThread());
            Thread c = new Thread(() -> child.set(niceOfThisThread()));
            c.start();
            join(c);
        });
        t.start();
        t.join();
        assertEquals(Math.min(19, before + Scheduling.NICE), lowered.get());
        assertEquals(Math.min(19, before + Scheduling.NICE), child.get());
        assertEquals(before, niceOfThisThread(), "only the thread that asked is lowered");
    }

    @Test
    void aFactorysThreadsAreLowered() throws Exception {
        AtomicInteger seen = new AtomicInteger(-1);
        int before = niceOfThisThread();
        Thread t = Scheduling.backgroundThreads("chores").newThread(() -> seen.set(niceOfThisThread()));
        t.start();
        t.join();
        assertEquals(Math.min(19, before + Scheduling.NICE), seen.get());
        assertEquals("chores", t.getName());
    }

    @Test
    void theBadgePathAsksForShortSlicesAtTheNormalPriority() throws Exception {
        String[] v = System.getProperty("os.version").split("[.-]");
        assumeTrue(Integer.parseInt(v[0]) > 6 || Integer.parseInt(v[0]) == 6 && Integer.parseInt(v[1]) >= 12,
                "custom slices since Linux 6.12");
        assumeTrue(Files.exists(Path.of("/proc/thread-self/sched")), "the scheduler's statistics in /proc");
        AtomicInteger nice = new AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicLong slice = new java.util.concurrent.atomic.AtomicLong(-1);
        int before = niceOfThisThread();
        Thread t = new Thread(() -> {
            Scheduling.shortSlices();
            nice.set(niceOfThisThread());
            slice.set(sliceOfThisThread());
        });
        t.start();
        t.join();
        assertEquals(Scheduling.SHORT_SLICE_NANOS, slice.get());
        assertEquals(before, nice.get(), "the priority is unchanged");
        assertTrue(sliceOfThisThread() > Scheduling.SHORT_SLICE_NANOS, "only the thread that asked");
    }

    /** {@code se.slice} of /proc/thread-self/sched, in nanoseconds. */
    private static long sliceOfThisThread() {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/sched")).stream()
                    .filter(l -> l.startsWith("se.slice"))
                    .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
                    .findFirst().orElse(-1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theCompilerThreadsAreLoweredAndNoOtherThread() throws Exception {
        int before = niceOfThisThread();
        Scheduling.lowerCompilerThreads();
        int compilers = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue;
                }
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    compilers++;
                    assertEquals(true, nice(stat) >= Scheduling.NICE, name);
                } else if (name.equals("main")) {
                    assertEquals(before, nice(stat), name);
                }
            }
        }
        assumeTrue(compilers > 0, "a JVM with JIT compiler threads");
    }

    private static int niceOfThisThread() {
        try {
            return nice(Files.readString(Path.of("/proc/thread-self/stat")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Field 19 of stat; the command name before it may hold spaces, so count from its end. */
    private static int nice(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[16]);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
