package org.accessctl.records;

/** A person or visit payload that cannot be accepted; the message is the event's {@code reason}. */
public final class RecordRefused extends Exception {

    public RecordRefused(String reason) {
        super(reason);
    }
}
