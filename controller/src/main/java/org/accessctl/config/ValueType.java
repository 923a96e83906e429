package org.accessctl.config;

/**
 * How one kind of value is read from its text, and how to tell the user what it should look like.
 *
 * @param <T> the typed value the controller uses
 */
interface ValueType<T> {

    /** What the key accepts, worded to follow "expected": "a whole number of seconds from 1 to 60". */
    String expected();

    /**
     * Reads the text, already trimmed and never empty.
     *
     * @throws InvalidValue when the text is not acceptable
     */
    T parse(String text) throws InvalidValue;

    /** The value as the printout shows it. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /**
     * The text with any secret part hidden, for messages about a value that may not even parse.
     * Most kinds of value have nothing to hide.
     */
    default String redact(String text) {
        return text;
    }
}
