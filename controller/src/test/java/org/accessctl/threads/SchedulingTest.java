package org.accessctl.threads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Priorities and policies as Linux reports them for each thread ({@code /proc/thread-self}). */
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
    void whereRealTimeIsNotGrantedTheBadgePathAsksForShortSlicesAtTheNormalPriority() throws Exception {
        String[] v = System.getProperty("os.version").split("[.-]");
        assumeTrue(Integer.parseInt(v[0]) > 6 || Integer.parseInt(v[0]) == 6 && Integer.parseInt(v[1]) >= 12,
                "custom slices since Linux 6.12");
        assumeTrue(Files.exists(Path.of("/proc/thread-self/sched")), "the scheduler's statistics in /proc");
        AtomicInteger nice = new AtomicInteger(-1);
        AtomicInteger policy = new AtomicInteger(-1);
        java.util.concurrent.atomic.AtomicLong slice = new java.util.concurrent.atomic.AtomicLong(-1);
        java.util.concurrent.atomic.AtomicReference<Scheduling.Mode> mode = new java.util.concurrent.atomic.AtomicReference<>();
        int before = niceOfThisThread();
        Thread t = new Thread(() -> {
            mode.set(Scheduling.badgePath(false).mode());
            nice.set(niceOfThisThread());
            policy.set((int) schedOfThisThread("policy"));
            slice.set(schedOfThisThread("se.slice"));
        });
        t.start();
        t.join();
        assertEquals(Scheduling.Mode.SHORT_SLICES, mode.get());
        assertEquals(0, policy.get(), "SCHED_OTHER");
        assertEquals(Scheduling.SHORT_SLICE_NANOS, slice.get());
        assertEquals(before, nice.get(), "the priority is unchanged");
        assertTrue(schedOfThisThread("se.slice") > Scheduling.SHORT_SLICE_NANOS, "only the thread that asked");
    }

    @Test
    void whereRealTimeIsGrantedTheBadgePathRunsAtTheLowestRealTimePriorityAndStepsDownForBulkWork() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/sched")), "the scheduler's statistics in /proc");
        java.util.concurrent.atomic.AtomicReference<Scheduling.Mode> mode = new java.util.concurrent.atomic.AtomicReference<>();
        long[] seen = new long[5];
        Thread t = new Thread(() -> {
            Scheduling.BadgeThread self = Scheduling.badgePath(true);
            mode.set(self.mode());
            seen[0] = schedOfThisThread("policy");
            seen[1] = schedOfThisThread("prio");
            self.asBulkWork(() -> seen[2] = schedOfThisThread("policy"));
            seen[3] = schedOfThisThread("policy");
            Thread started = new Thread(() -> seen[4] = schedOfThisThread("policy"));
            started.start();
            join(started);
        });
        t.start();
        t.join();
        assumeTrue(mode.get() == Scheduling.Mode.REALTIME, "a process that may use real-time priority (root, or LimitRTPRIO)");
        assertEquals(1, seen[0], "SCHED_FIFO");
        assertEquals(99 - Scheduling.REALTIME_PRIORITY, seen[1], "the lowest real-time priority");
        assertEquals(0, seen[2], "bulk work at the normal priority");
        assertEquals(1, seen[3], "back to real time after it");
        assertEquals(0, seen[4], "a thread it starts runs at the normal priority");
        assertEquals(0, schedOfThisThread("policy"), "only the thread that asked");
    }

    @Test
    void anyThreadThatHandsTheLoopAnInputHurriesItOutOfBulkWorkBackToRealTime() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/sched")), "the scheduler's statistics in /proc");
        java.util.concurrent.CountDownLatch steppedDown = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch hurried = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Scheduling.Mode> mode = new java.util.concurrent.atomic.AtomicReference<>();
        long[] seen = {-1, -1};
        java.util.concurrent.atomic.AtomicReference<Scheduling.BadgeThread> loopThread = new java.util.concurrent.atomic.AtomicReference<>();
        Thread loop = new Thread(() -> {
            Scheduling.BadgeThread self = Scheduling.badgePath(true);
            mode.set(self.mode());
            loopThread.set(self);
            self.asBulkWork(() -> {
                seen[0] = schedOfThisThread("policy");
                steppedDown.countDown();
                try {
                    hurried.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen[1] = schedOfThisThread("policy");
            });
        });
        Thread reader = new Thread(() -> {
            try {
                steppedDown.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loopThread.get().hurry(); // from a thread of the normal priority, as a pin's listener
            hurried.countDown();
        });
        loop.start();
        reader.start();
        reader.join();
        loop.join();
        assumeTrue(mode.get() == Scheduling.Mode.REALTIME, "a process that may use real-time priority (root, or LimitRTPRIO)");
        assertEquals(0, seen[0], "bulk work at the normal priority");
        assertEquals(1, seen[1], "hurried back to SCHED_FIFO while still in the bulk work");
    }

    @Test
    void aHurryRaisesOnlyTheLoopItIsFor() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/sched")), "the scheduler's statistics in /proc");
        // Two doors in one JVM (the simulator's site): each loop steps down and is hurried on its own.
        java.util.concurrent.CountDownLatch bothDown = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.CountDownLatch hurried = new java.util.concurrent.CountDownLatch(1);
        Scheduling.BadgeThread[] loops = new Scheduling.BadgeThread[2];
        long[] seen = {-1, -1};
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int n = i;
            threads[i] = new Thread(() -> {
                loops[n] = Scheduling.badgePath(true);
                loops[n].asBulkWork(() -> {
                    bothDown.countDown();
                    try {
                        hurried.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    seen[n] = schedOfThisThread("policy");
                });
            });
            threads[i].start();
        }
        bothDown.await();
        loops[0].hurry();
        hurried.countDown();
        threads[0].join();
        threads[1].join();
        assumeTrue(loops[0].mode() == Scheduling.Mode.REALTIME, "a process that may use real-time priority (root, or LimitRTPRIO)");
        assertEquals(1, seen[0], "the hurried loop is back in real time");
        assertEquals(0, seen[1], "the other still does its bulk work at the normal priority");
    }

    @Test
    void realTimeIsGrantedExactlyWhenTheProcessSoftLimitAllowsIt() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/limits")), "limits in /proc");
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max realtime priority")).findFirst().orElseThrow();
        String soft = line.substring("Max realtime priority".length()).strip().split("\\s+")[0];
        boolean granted = soft.equals("unlimited") || Long.parseLong(soft) >= Scheduling.REALTIME_PRIORITY;
        assertEquals(granted, Scheduling.realtimeGranted());
    }

    /** A field of /proc/thread-self/sched. */
    private static long schedOfThisThread(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/thread-self/sched")).stream()
                    .filter(l -> l.startsWith(field + " ") || l.startsWith(field + ":"))
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
