package org.accessctl.core;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where the door loop writes its steps: what a step changes, the events it caused and the door's
 * memory are committed together or not at all, so the log and the state it describes never
 * disagree. Loop thread only.
 */
public interface Journal {

    /**
     * Runs {@code step}, which writes what it changes and returns the events it caused, and
     * commits all of it with those events and the door's memory if {@code memory} gives one.
     *
     * @return the events as committed
     * @throws Full when the disk has no room; nothing was committed
     */
    List<CommittedEvent> commit(Supplier<List<Event>> step, Supplier<DoorMemory> memory);

    /**
     * Commits what {@code step} writes (records of a running sync, which cause no event) without
     * waiting for the disk: a power cut may undo it, and the sync then starts over.
     */
    void commitCopyOnly(Runnable step);

    /** Runs {@code work} inside a step as a unit of its own: if it throws, what it wrote is undone alone. */
    <T> T unit(Supplier<T> work);

    /** The journal cannot be written for want of space. */
    final class Full extends RuntimeException {
        public Full(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
