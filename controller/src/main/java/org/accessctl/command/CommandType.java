package org.accessctl.command;

import java.util.Optional;

/** What an operator can ask a door to do remotely. */
public enum CommandType {

    /** Release the strike for {@code seconds}, as a badge grant would. */
    UNLOCK("unlock"),
    /** Badges stop admitting; the request-to-exit button still opens. */
    LOCKDOWN("lockdown"),
    /** End a lockdown. */
    RELEASE("release"),
    /**
     * Forget that {@code personId} is inside (hard anti-passback: they left without the exit
     * reader, and their badge would be refused at the entry reader).
     */
    CLEAR("clear"),
    /**
     * Break-glass: release the strike for {@code seconds} (up to 300), also during a lockdown.
     * Only in JWS JSON serialization with the signatures of two different operators.
     */
    OVERRIDE("override");

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
