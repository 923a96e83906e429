package org.accessctl.json;

/**
 * A refusal of input text, as opposed to a misuse by our own code. It carries no stack trace:
 * its message already says what was wrong and where, the stack would only ever show the
 * parser, and a publisher flooding us with garbage should not make each refusal pay for a
 * stack walk.
 */
final class MalformedJsonException extends JsonException {

    MalformedJsonException(String message, int offset) {
        super(message, offset);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
