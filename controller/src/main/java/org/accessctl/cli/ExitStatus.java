package org.accessctl.cli;

/** The exit statuses every command of the program shares (contract section 6). */
final class ExitStatus {

    static final int OK = 0;
    /** A refusal or failure: the door refused the command, or gave no answer. */
    static final int REFUSED = 1;
    /** Bad usage or configuration, with the reason on standard error. */
    static final int USAGE = 2;

    private ExitStatus() {
    }
}
