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

    /**
     * Two operators' break-glass override: the strike is released for {@code time} and stays
     * released when the door closes, also during a lockdown.
     *
     * @param operatorIds the two operators who signed it, in the order of their signatures
     */
    record Override(java.util.List<String> operatorIds, String reason, java.time.Duration time) implements Input {
        public Override {
            operatorIds = java.util.List.copyOf(operatorIds);
        }
    }

    /**
     * An operator says this person is not inside (anti-passback: they left without the exit
     * reader, so their badge would be refused at the entry reader).
     */
    record ClearPresence(String personId) implements Input {
    }

    /** An operator locked the door down (badges stop admitting) or released it. */
    record Lockdown(boolean on) implements Input {
    }

    /**
     * The log can (no longer) be written: the disk is full. While it is, badges are refused at
     * the entry (nothing could be logged of them) and the red LED stays on; the exit stays open.
     */
    record DiskFull(boolean full) implements Input {
    }

    /** Time passed; the core checks its deadlines. */
    record Tick() implements Input {
    }

    /** Persons, visits or schedules changed; the core checks who is inside against them again. */
    record DirectoryChanged() implements Input {
    }
}
