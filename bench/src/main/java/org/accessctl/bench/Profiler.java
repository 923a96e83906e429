package org.accessctl.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR, built into the JDK: execution samples (threads running Java) and native-method samples
 * (threads inside JNI: SQLite, fsync, the pseudo-terminal), summarised per thread as the methods
 * where the time goes.
 */
final class Profiler {

    private Profiler() {
    }

    /** Of the last summary: samples by the nearest frame of ours and its caller of ours. */
    private static final Map<String, Integer> chains = new HashMap<>();

    static Recording start() {
        Recording r = new Recording();
        r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
        r.start();
        return r;
    }

    static Path stop(Recording r, Path file) throws IOException {
        r.stop();
        r.dump(file);
        r.close();
        return file;
    }

    /** JVM options that record the same samples in a child JVM, written when it exits. */
    static List<String> childOptions(Path file) {
        return List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file);
    }

    /**
     * A markdown summary of the samples on threads whose name passes the filter: by the top
     * frame (where the CPU or the native call is), and by the nearest frame in our own code
     * ({@code org.accessctl}), with the share of the samples each takes. Samples of a thread
     * waiting for input in {@code poll} are idle time and are left out.
     */
    static synchronized String summarize(Path file, String what, Predicate<String> threads, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        chains.clear();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            if (e.getThread("sampledThread") == null || !threads.test(e.getThread("sampledThread").getJavaName())) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = st.getFrames();
            String topFrame = name(frames.get(0));
            if (isIdle(frames)) {
                continue;
            }
            total++;
            self.merge(topFrame, 1, Integer::sum);
            String nearest = null;
            String caller = null;
            Set<String> seen = new LinkedHashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("org.accessctl.") && !n.contains("$$Lambda") && !n.contains(".lambda$")) {
                    if (nearest == null) {
                        nearest = n;
                    } else if (caller == null && !n.equals(nearest)) {
                        caller = n;
                    }
                    seen.add(n);
                }
            }
            chains.merge(nearest == null ? "(no frame of ours)"
                    : caller == null ? "`" + nearest + "`" : "`" + nearest + "` called from `" + caller + "`", 1, Integer::sum);
            ours.merge(nearest == null ? "(no frame of ours)" : nearest, 1, Integer::sum);
            for (String n : seen) {
                inclusive.merge(n, 1, Integer::sum);
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("Profile of ").append(what).append(": ").append(total)
                .append(" JFR samples (execution every 10 ms, native every 20 ms).\n\n");
        if (total == 0) {
            return s.append("No samples on these threads.\n").toString();
        }
        s.append("| where the samples are (top frame) | share | nearest frame in our code | share | our method incl. callees | share |\n");
        s.append("|---|---:|---|---:|---|---:|\n");
        List<Map.Entry<String, Integer>> a = sorted(self);
        List<Map.Entry<String, Integer>> b = sorted(ours);
        List<Map.Entry<String, Integer>> c = sorted(inclusive);
        for (int i = 0; i < Math.min(top, Math.max(a.size(), Math.max(b.size(), c.size()))); i++) {
            s.append("| ").append(cell(a, i, total)).append(" | ").append(cell(b, i, total)).append(" | ")
                    .append(cell(c, i, total)).append(" |\n");
        }
        return s.toString();
    }

    /** The nearest frame of ours that takes the most samples, with its share, for a one-line verdict. */
    static synchronized String hotSpot(Path file, Predicate<String> threads) throws IOException {
        summarize(file, "", threads, 1);
        int total = chains.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "no samples";
        }
        Map.Entry<String, Integer> top = sorted(chains).get(0);
        return top.getKey() + String.format(" (%.0f%% of the samples)", 100.0 * top.getValue() / total);
    }

    private static boolean isIdle(List<RecordedFrame> frames) {
        for (int i = 0; i < Math.min(frames.size(), 8); i++) {
            String n = name(frames.get(i));
            if (n.endsWith("StoppableWait.awaitReadable") || n.endsWith("PollFds.poll")) {
                return true;
            }
        }
        return false;
    }

    private static String cell(List<Map.Entry<String, Integer>> list, int i, int total) {
        if (i >= list.size()) {
            return "  | ";
        }
        Map.Entry<String, Integer> e = list.get(i);
        return "`" + e.getKey() + "` | " + String.format("%.1f%%", 100.0 * e.getValue() / total);
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
