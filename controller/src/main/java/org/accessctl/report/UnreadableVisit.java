package org.accessctl.report;

/**
 * A {@code visit_completed} row that cannot be read as one. The controller never writes such a
 * row, so the report names it instead of silently leaving a visit out.
 */
final class UnreadableVisit extends Exception {

    private static final long serialVersionUID = 1L;

    private final long seq;

    UnreadableVisit(long seq, String reason) {
        super(reason);
        this.seq = seq;
    }

    /** One line for the report, e.g. {@code the visit_completed event at seq 57 cannot be read: ...}. */
    String describe() {
        return "the visit_completed event at seq " + seq + " cannot be read (" + getMessage()
                + "); check the log with verify-log";
    }
}
