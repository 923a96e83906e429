package org.accessctl.core;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where the door loop writes its steps: what a step changes, the events it caused and the door's
 * memory commit together or not at all, so the log and the state it describes never disagree.
 */
public interface Journal {

    /**
     * Runs {@code step}, which writes what it changes and returns the events it caused, and
     * commits it with them and with the door's memory if {@code memory} gives one.
     *
     * @throws Full when the disk has no room; nothing was committed
     */
    List<CommittedEvent> commit(Supplier<List<Event>> step, Supplier<DoorMemory> memory);

    /** Commits what {@code step} writes (records of a running sync, no events) without waiting for the disk. */
    void commitCopyOnly(Runnable step);

    /** Runs {@code work} inside a step as a unit of its own: if it throws, what it wrote is undone alone. */
    <T> T unit(Supplier<T> work);

    final class Full extends RuntimeException {
        public Full(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
