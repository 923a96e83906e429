package org.accessctl.config;

import java.util.List;

/**
 * The configuration cannot be used; the program must not start. Every problem found is kept, in
 * a stable order, but the message is one line about the first of them, because that is what a
 * service manager's log shows best; {@link #problems()} lists them all for tools that want more.
 */
public final class ConfigException extends Exception {

    private final transient List<ConfigProblem> problems;

    ConfigException(List<ConfigProblem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** Every problem found, at least one. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** The first problem's key, or null when the file itself could not be read. */
    public String key() {
        return problems.get(0).key();
    }

    /** The first problem's value as it may be shown, or null when the key is not set. */
    public String value() {
        return problems.get(0).value();
    }

    /** What the first problem's key accepts, or null for an unknown key or an unreadable file. */
    public String expected() {
        return problems.get(0).expected();
    }

    private static String summary(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs a problem");
        }
        String first = problems.get(0).message();
        int more = problems.size() - 1;
        if (more == 0) {
            return first;
        }
        return first + " (and " + more + " more problem" + (more == 1 ? "" : "s") + ")";
    }
}
