package org.accessctl.command;

import java.util.Optional;

/** What an operator can ask a door to do remotely. */
public enum CommandType {

    /** Release the strike for {@code seconds}, as a badge grant would. */
    UNLOCK("unlock"),
    /** Badges stop admitting; the request-to-exit button still opens. */
    LOCKDOWN("lockdown"),
    /** End a lockdown. */
    RELEASE("release");

    private final String wireName;

    CommandType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The command with this exact (case-sensitive) wire name. */
    public static Optional<CommandType> fromWire(String name) {
        for (CommandType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
