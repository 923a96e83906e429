package org.accessctl.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One benchmark's part of the page: what was done, a table of figures with their goals, notes. */
final class Section {

    final String title;
    final String how;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Every figure by name, for the smoke test: it checks that each was measured, never its value. */
    final Map<String, Double> figures = new LinkedHashMap<>();
    /**
     * Every yes/no check by name and whether it was met. Unlike a timing goal, a check says
     * whether the benchmark worked at all (every record stored, the backlog drained), so the
     * smoke test fails on any check not met.
     */
    final Map<String, Boolean> checks = new LinkedHashMap<>();

    Section(String title, String how) {
        this.title = title;
        this.how = how;
    }

    /** A figure without a goal of its own. */
    void info(String name, double value, String shown) {
        figures.put(name, value);
        rows.add(new String[] {name, shown, "", ""});
    }

    /** A figure whose goal is "at most {@code goal}". */
    void atMost(String name, double value, String shown, double goal, String goalShown) {
        figures.put(name, value);
        rows.add(new String[] {name, shown, "≤ " + goalShown, verdict(value <= goal, value / goal, value - goal, "over")});
    }

    /** A figure whose goal is "at least {@code goal}". */
    void atLeast(String name, double value, String shown, double goal, String goalShown) {
        figures.put(name, value);
        rows.add(new String[] {name, shown, "≥ " + goalShown,
                verdict(value >= goal, goal / Math.max(value, 1e-9), goal - value, "short")});
    }

    /** A yes/no figure. */
    void check(String name, boolean ok, String shown, String goal) {
        figures.put(name, ok ? 1.0 : 0.0);
        checks.put(name, ok);
        rows.add(new String[] {name, shown, goal, ok ? "met" : "**missed**"});
    }

    /** A yes/no figure this run did not measure, saying why (not a miss, and not a pass either). */
    void notRun(String name, String why, String goal) {
        rows.add(new String[] {name, why, goal, "not run"});
    }

    private static String verdict(boolean met, double factor, double by, String word) {
        if (met) {
            return "met";
        }
        return String.format("**missed**: %.1f× the goal", factor);
    }

    /** The rows that carry a goal, for the summary at the top of the page. */
    List<String> goalRows() {
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            if (!r[2].isEmpty()) {
                out.add(String.join(" | ", r));
            }
        }
        return out;
    }

    void note(String markdown) {
        notes.add(markdown);
    }

    String markdown() {
        StringBuilder s = new StringBuilder("## ").append(title).append("\n\n").append(how).append("\n\n");
        s.append("| figure | measured | goal | verdict |\n|---|---:|---|---|\n");
        for (String[] r : rows) {
            s.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        for (String n : notes) {
            s.append('\n').append(n).append('\n');
        }
        return s.append('\n').toString();
    }
}
