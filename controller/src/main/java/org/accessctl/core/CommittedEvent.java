package org.accessctl.core;

/** An event as committed: its {@code seq} and the exact JSON that is published and chained. */
public record CommittedEvent(long seq, String type, String json) {
}
