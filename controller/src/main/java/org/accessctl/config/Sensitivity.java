package org.accessctl.config;

/**
 * How carefully a setting's value must be shown. No key is {@link #SECRET} today, because the
 * broker password lives in a file rather than in the configuration; the distinction is kept so
 * that a secret value added later is masked everywhere without further thought.
 */
enum Sensitivity {
    /** Shown as written. */
    PLAIN,
    /** Never shown: messages and the printout say {@code ********}. */
    SECRET,
    /** The value is a path and may be shown; the file's contents are secret and are never read for display. */
    SECRET_FILE;

    static final String MASK = "********";
}
