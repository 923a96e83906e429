package org.accessctl.config;

/**
 * A value's text was refused by its {@link ValueType}. The reason, when there is one, says what
 * is wrong beyond "not what was expected" (for example "no such file"); it never repeats the value.
 */
final class InvalidValue extends Exception {

    InvalidValue() {
        this(null);
    }

    InvalidValue(String reason) {
        // Thrown and caught within the loader for every bad value: the stack trace is never shown.
        super(reason, null, false, false);
    }

    /** What is wrong, or null when "expected ..." says it all. */
    String reason() {
        return getMessage();
    }
}
