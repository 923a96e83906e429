package org.accessctl.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, summarised as percentiles (nearest rank). */
final class Stats {

    private final long[] sorted;

    Stats(long[] nanos, int count) {
        this.sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The p-th percentile, 0 &lt; p &le; 100, in milliseconds. */
    double percentileMillis(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    double maxMillis() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }

    /** KiB as MiB, one decimal. */
    static String mib(double kib) {
        return String.format("%.1f MiB", kib / 1024.0);
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        if (millis >= 100) {
            return String.format("%,.0f ms", millis);
        }
        return String.format("%.3f ms", millis);
    }
}
