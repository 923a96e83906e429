package org.accessctl.cli;

/** The tool was called wrongly, or a file it was pointed at is unusable: exit status 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
