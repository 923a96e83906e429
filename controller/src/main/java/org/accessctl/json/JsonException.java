package org.accessctl.json;

/**
 * A JSON text or value that was refused: malformed or over-limit input, a record field of the
 * wrong type, or a Java value that has no JSON form. Unchecked, because a refused payload is
 * an expected outcome the caller reports and drops, not a programming error to declare
 * everywhere; an {@link IllegalArgumentException} because the input was at fault.
 */
public class JsonException extends IllegalArgumentException {

    private final int offset;

    /** A refusal that is not about a position in a text (a record field, a Java value). */
    public JsonException(String message) {
        super(message);
        this.offset = -1;
    }

    JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** A refusal at a character offset of the text being parsed: "{problem} at offset {n}". */
    static JsonException at(String problem, int offset) {
        return new MalformedJsonException(problem + " at offset " + offset, offset);
    }

    /** A refusal in a UTF-8 payload, whose offsets count bytes: "{problem} at byte offset {n}". */
    static JsonException atByte(String problem, int byteOffset) {
        return new MalformedJsonException(problem + " at byte offset " + byteOffset, byteOffset);
    }

    /**
     * Where in the input the problem was found: a character offset into a text, or a byte
     * offset into a payload; -1 when the refusal is not about a position.
     */
    public int offset() {
        return offset;
    }
}
