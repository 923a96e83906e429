package org.accessctl.core;

import java.util.Locale;

/** Why a badge was refused: the {@code reason} of {@code access_denied} (contract section 3). */
public enum DenialReason {
    UNKNOWN_BADGE,
    INACTIVE,
    NO_VISIT,
    VISIT_NOT_STARTED,
    VISIT_EXPIRED,
    VISIT_REVOKED,
    WRONG_DOOR,
    ESCORT_REQUIRED,
    ESCORT_NOT_ALLOWED,
    ALREADY_INSIDE,
    LOCKDOWN,
    CLOCK_NOT_SET,
    /** Two-person rule: nobody else badged within the window to enter the empty room with them. */
    SECOND_PERSON_REQUIRED,
    /** The person's schedule is closed now, or names a schedule the door does not hold. */
    OUTSIDE_SCHEDULE,
    /** The log cannot be written: an entry that could not be logged is not granted. */
    DISK_FULL;

    /** The wire name, e.g. {@code unknown_badge}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
