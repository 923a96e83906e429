package org.accessctl.store;

/** An event as committed: its {@code seq} and the exact JSON that is published and chained. */
public record RecordedEvent(long seq, String type, String json) {
}
