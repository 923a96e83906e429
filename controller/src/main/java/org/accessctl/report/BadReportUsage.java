package org.accessctl.report;

/** The report cannot be made as asked: a bad option or date, or a file that cannot be read or written. */
final class BadReportUsage extends Exception {

    private static final long serialVersionUID = 1L;

    BadReportUsage(String message) {
        super(message);
    }

    BadReportUsage(String message, Throwable cause) {
        super(message, cause);
    }
}
