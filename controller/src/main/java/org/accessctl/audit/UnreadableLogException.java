package org.accessctl.audit;

/**
 * The log could not be checked at all: the file is missing, unreadable, or not a door's log.
 * Unlike a {@link ChainBreak} this says nothing about tampering; it is a usage problem.
 */
public final class UnreadableLogException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnreadableLogException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnreadableLogException(String message) {
        super(message);
    }
}
