package org.accessctl.core;

/**
 * Everything that can happen to the door. Adapters translate hardware and network happenings
 * into these and put them on the door loop's one queue; only the loop hands them to the core.
 */
public sealed interface Input {

    /** A badge was read (already decoded, checksum-verified and de-duplicated). */
    record BadgeRead(ReaderSide side, String uid) implements Input {
    }

    /** The door contact changed. */
    record DoorContact(boolean open) implements Input {
    }

    /** The request-to-exit button was pressed (debounced). */
    record ExitButton() implements Input {
    }

    /** A verified operator's remote unlock: the strike is released for {@code time}. */
    record RemoteUnlock(String operatorId, String reason, java.time.Duration time) implements Input {
    }

    /** An operator locked the door down (badges stop admitting) or released it. */
    record Lockdown(boolean on) implements Input {
    }

    /**
     * The log can (no longer) be written: the disk is full. While it is, badges are refused at
     * the entry (nothing could be recorded of them) and the red LED stays on; the exit stays open.
     */
    record DiskFull(boolean full) implements Input {
    }

    /** Time passed, or records changed; the core checks its deadlines and visits again. */
    record Tick() implements Input {
    }
}
