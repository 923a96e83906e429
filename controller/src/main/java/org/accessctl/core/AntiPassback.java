package org.accessctl.core;

import java.util.Locale;

/**
 * What the door does when a staff badge whose holder it believes is inside is read at the entry
 * reader again: the badge may have been passed back out to someone else.
 */
public enum AntiPassback {
    /** Not looked at: the entry is granted like any other. */
    OFF,
    /**
     * Granted, and the grant is marked {@code alreadyInside}: the holder may simply have left by
     * the anonymous exit button, so refusing would lock out honest people; the log shows it.
     */
    SOFT,
    /** Refused with {@code already_inside} until the badge is read at the exit reader or an operator clears it. */
    HARD;

    /** The configuration's word: {@code off}, {@code soft} or {@code hard}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AntiPassback fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
