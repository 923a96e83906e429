package org.accessctl.json;

/**
 * Bounds on what the parser will do for one input, so that a hostile publisher can cost us at
 * most a little time and memory, never a crash. The length is checked before anything is read;
 * the rest become Jackson's {@code StreamReadConstraints}, checked as the text is read.
 *
 * @param maxInputLength  longest input accepted, in characters of text (or bytes of a UTF-8
 *                        payload)
 * @param maxDepth        deepest nesting of arrays and objects; the parser descends by
 *                        recursion, so this is also what keeps the thread stack safe
 * @param maxStringLength longest string (member name or value) after unescaping, in UTF-16
 *                        characters
 * @param maxNumberDigits most digits a number may have, counting integer, fraction and exponent
 */
public record JsonLimits(int maxInputLength, int maxDepth, int maxStringLength, int maxNumberDigits) {

    /**
     * Hard ceiling on {@code maxDepth}: far beyond any real record, yet shallow enough that the
     * recursive reader and writer cannot exhaust a default thread stack.
     */
    public static final int DEPTH_CEILING = 256;

    /** Generous for door-controller messages (which are a few KiB at most), small for an attacker. */
    public static final JsonLimits DEFAULT = new JsonLimits(64 * 1024, 32, 16 * 1024, 100);

    public JsonLimits {
        if (maxInputLength < 1 || maxStringLength < 1 || maxNumberDigits < 1) {
            throw new IllegalArgumentException("JSON limits must be positive");
        }
        if (maxDepth < 1 || maxDepth > DEPTH_CEILING) {
            throw new IllegalArgumentException("maxDepth must be between 1 and " + DEPTH_CEILING);
        }
    }
}
