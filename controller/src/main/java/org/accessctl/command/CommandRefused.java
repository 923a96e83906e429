package org.accessctl.command;

/**
 * A token failed one check. Checked, so that every parsing step says it can refuse; without a
 * stack trace, because a refusal is an expected answer to hostile input and a flood of garbage
 * should not pay for stack walks.
 */
public final class CommandRefused extends Exception {

    private final RejectionReason reason;

    public CommandRefused(RejectionReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }

    /** A human-readable explanation for logs; never contains key material. */
    public String detail() {
        return getMessage();
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
