package org.accessctl.bench;

/**
 * How big each benchmark is. {@link #FULL} is what docs/benchmarks.md reports; {@link #SMOKE}
 * runs every benchmark for a few seconds, so that CI notices when one stops working.
 */
record Sizes(String name, int persons, int visits, int warmup, int grants, int syncEach, int throughputSeconds,
             int backlog, int drainCapSeconds, String fleet, int fleetDoorsPerJvm) {

    static final Sizes FULL = new Sizes("full", 100_000, 100_000, 2_000, 10_000, 100_000, 60, 1_000_000, 900,
            "200x10000,20x100000,20x100000:signed", 20);
    static final Sizes SMOKE = new Sizes("smoke", 2_000, 2_000, 30, 150, 1_000, 2, 10_000, 60, "4x300,2x300:signed", 2);

    boolean smoke() {
        return name.equals(SMOKE.name);
    }
}
