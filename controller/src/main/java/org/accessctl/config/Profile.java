package org.accessctl.config;

/**
 * Which program is reading the configuration. The two share one schema, but the simulator runs
 * on a desk rather than a Pi, so some defaults differ and the {@code sim.*} keys exist only for it.
 */
public enum Profile {
    DAEMON("the daemon"),
    SIMULATOR("the simulator");

    private final String programName;

    Profile(String programName) {
        this.programName = programName;
    }

    /** How messages refer to the program: "the daemon", "the simulator". */
    public String programName() {
        return programName;
    }
}
