package org.accessctl.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What kept a thread of this JVM from running during a stretch of a benchmark: the time it spent
 * runnable but waiting for a core (Linux's run-queue delay, {@code /proc/self/task/T/schedstat})
 * and the collector's pauses, which stop every thread. A tap's latency beyond the door's own work
 * is one of the two.
 */
final class Contention implements AutoCloseable {

    /** What was seen between {@link #start} and {@link #close}. */
    record Seen(double seconds, double runningSeconds, double waitingSeconds, int pauses, double pausedMillis,
                double longestPauseMillis, boolean realtime) {

        String describe(String thread) {
            return String.format("the badge path ran at %s; in %.1f s, the %s thread ran %.1f s and waited %.1f s for a "
                            + "core (run-queue delay); %d collector pauses stopped the JVM for %.0f ms in all, the longest %.1f ms",
                    realtime ? "real-time priority (SCHED_FIFO 1 for badges and pin changes, as under the package's unit)"
                            : "the normal priority with short slices (real-time priority not granted here)",
                    seconds, thread, runningSeconds, waitingSeconds, pauses, pausedMillis, longestPauseMillis);
        }
    }

    private final Path task;
    private final long[] schedAtStart;
    private final long startNanos = System.nanoTime();
    private final List<Double> pauses = new ArrayList<>();
    private final NotificationListener listener = (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            // Concurrent cycles do not stop the application; only the pauses count.
            if (!info.getGcAction().contains("concurrent") && !info.getGcName().contains("Concurrent")) {
                synchronized (pauses) {
                    pauses.add((double) info.getGcInfo().getDuration());
                }
            }
        }
    };

    private Contention(Path task) {
        this.task = task;
        this.schedAtStart = schedstat(task);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
    }

    /** Starts watching this JVM's thread named {@code threadName}; null if there is none (or no /proc). */
    static Contention start(String threadName) {
        Path task = taskNamed(threadName);
        return task == null ? null : new Contention(task);
    }

    Seen seen() {
        long[] now = schedstat(task);
        List<Double> copy;
        synchronized (pauses) {
            copy = List.copyOf(pauses);
        }
        return new Seen((System.nanoTime() - startNanos) / 1e9, (now[0] - schedAtStart[0]) / 1e9,
                (now[1] - schedAtStart[1]) / 1e9, copy.size(), copy.stream().mapToDouble(Double::doubleValue).sum(),
                copy.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                runsInRealTime("badge-reader-entry"));
    }

    @Override
    public void close() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // not added: nothing to remove
            }
        }
    }

    private static Path taskNamed(String threadName) {
        // Linux keeps a thread's name to 15 characters ("badge-reader-en").
        String name = threadName.length() > 15 ? threadName.substring(0, 15) : threadName;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals(name);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether this JVM's thread {@code name} runs in real time, as Linux reports it (a badge
     * reader never steps down, unlike the door loop).
     */
    private static boolean runsInRealTime(String name) {
        Path task = taskNamed(name);
        if (task == null) {
            return false;
        }
        try {
            return Files.readAllLines(task.resolve("sched")).stream()
                    .filter(l -> l.startsWith("policy "))
                    .anyMatch(l -> l.substring(l.indexOf(':') + 1).strip().equals("1")); // SCHED_FIFO
        } catch (IOException e) {
            return false;
        }
    }

    /** Nanoseconds on a core and waiting on a run queue. */
    private static long[] schedstat(Path task) {
        try {
            String[] f = Files.readString(task.resolve("schedstat")).strip().split(" ");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
