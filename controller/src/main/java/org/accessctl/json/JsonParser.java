package org.accessctl.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one strict RFC 8259 JSON text into plain Java values (see {@link Json} for the
 * mapping). One instance reads one text. Anything the RFC does not allow is refused rather
 * than guessed at, because the text may come from a hostile publisher and two readers must
 * never disagree about what it says.
 */
final class JsonParser {

    /**
     * Largest exponent magnitude accepted in a number. Doubles end near 1e308 and 1e-324, so
     * this loses nothing real, while it keeps a crafted {@code 1e999999999} from turning into
     * a billion-digit value when some caller later asks for its integer or plain form.
     */
    static final int MAX_EXPONENT = 9999;

    private final String text;
    private final JsonLimits limits;
    private int pos;
    private int depth;

    private JsonParser(String text, JsonLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    static Object parse(String text, JsonLimits limits) {
        if (text.length() > limits.maxInputLength()) {
            throw JsonException.at("input of " + text.length() + " characters is longer than the limit of "
                    + limits.maxInputLength(), limits.maxInputLength());
        }
        return new JsonParser(text, limits).document();
    }

    private Object document() {
        skipWhitespace();
        if (pos == text.length()) {
            throw JsonException.at("expected a JSON value, got empty input", pos);
        }
        Object value = value();
        skipWhitespace();
        if (pos < text.length()) {
            throw JsonException.at("unexpected " + describe(pos) + " after the JSON value", pos);
        }
        return value;
    }

    private Object value() {
        if (pos == text.length()) {
            throw JsonException.at("expected a JSON value, got end of input", pos);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || isDigit(c)) {
                    return number();
                }
                throw JsonException.at("expected a JSON value, got " + describe(pos), pos);
        }
    }

    private Map<String, Object> object() {
        enterContainer();
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return members;
        }
        while (true) {
            if (peek() != '"') {
                throw JsonException.at("expected '\"' to start an object key, got " + describe(pos), pos);
            }
            int keyOffset = pos;
            String key = string();
            // A second value under the same name is how a payload gets read one way by us and
            // another way by whoever else sees it; refuse rather than pick one.
            if (members.containsKey(key)) {
                throw JsonException.at("duplicate object key " + JsonStrings.forMessage(key), keyOffset);
            }
            skipWhitespace();
            expect(':', "after object key");
            skipWhitespace();
            members.put(key, value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return members;
            }
            if (c != ',') {
                pos--;
                throw JsonException.at("expected ',' or '}' after object member, got " + describe(pos), pos);
            }
            skipWhitespace();
            if (peek() == '}') {
                throw JsonException.at("trailing comma before '}'", pos);
            }
        }
    }

    private List<Object> array() {
        enterContainer();
        pos++; // '['
        List<Object> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return elements;
        }
        while (true) {
            elements.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return elements;
            }
            if (c != ',') {
                pos--;
                throw JsonException.at("expected ',' or ']' after array element, got " + describe(pos), pos);
            }
            skipWhitespace();
            if (peek() == ']') {
                throw JsonException.at("trailing comma before ']'", pos);
            }
        }
    }

    private void enterContainer() {
        if (depth == limits.maxDepth()) {
            throw JsonException.at("nesting deeper than " + limits.maxDepth() + " levels", pos);
        }
        depth++;
    }

    private String string() {
        int start = pos;
        pos++; // opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            // Copy the longest run of plain characters in one go; only quotes, escapes,
            // control characters and surrogates need a closer look.
            int runStart = pos;
            while (pos < text.length() && isPlainStringChar(text.charAt(pos))) {
                pos++;
            }
            out.append(text, runStart, pos);
            checkStringLength(out, start);
            if (pos == text.length()) {
                throw JsonException.at("unterminated string (it starts at offset " + start + ")", pos);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return out.toString();
            } else if (c == '\\') {
                escape(out);
            } else if (c < 0x20) {
                throw JsonException.at("unescaped control character " + codeUnit(c) + " in string", pos);
            } else {
                surrogatePair(out);
            }
            checkStringLength(out, start);
        }
    }

    private static boolean isPlainStringChar(char c) {
        return c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c);
    }

    private void checkStringLength(StringBuilder out, int start) {
        if (out.length() > limits.maxStringLength()) {
            throw JsonException.at("string longer than " + limits.maxStringLength() + " characters", start);
        }
    }

    /** A raw (unescaped) surrogate must be the first half of a well-formed pair. */
    private void surrogatePair(StringBuilder out) {
        char high = text.charAt(pos);
        if (Character.isHighSurrogate(high) && pos + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(pos + 1))) {
            out.append(high).append(text.charAt(pos + 1));
            pos += 2;
            return;
        }
        throw JsonException.at("lone surrogate " + codeUnit(high) + " in string", pos);
    }

    private void escape(StringBuilder out) {
        int escapeOffset = pos;
        pos++; // backslash
        if (pos == text.length()) {
            throw JsonException.at("unterminated escape sequence", escapeOffset);
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': out.append('"'); return;
            case '\\': out.append('\\'); return;
            case '/': out.append('/'); return;
            case 'b': out.append('\b'); return;
            case 'f': out.append('\f'); return;
            case 'n': out.append('\n'); return;
            case 'r': out.append('\r'); return;
            case 't': out.append('\t'); return;
            case 'u': break;
            default:
                throw JsonException.at("invalid escape sequence '\\" + printable(c) + "'", escapeOffset);
        }
        char unit = hexQuad(escapeOffset);
        if (Character.isLowSurrogate(unit)) {
            throw JsonException.at("lone surrogate \\u" + hex4(unit) + " in string", escapeOffset);
        }
        if (Character.isHighSurrogate(unit)) {
            // Only an escaped low surrogate may follow; anything else would leave half a
            // character that no UTF-8 writer can represent.
            if (!text.startsWith("\\u", pos)) {
                throw JsonException.at("lone surrogate \\u" + hex4(unit) + " in string", escapeOffset);
            }
            int lowOffset = pos;
            pos += 2;
            char low = hexQuad(lowOffset);
            if (!Character.isLowSurrogate(low)) {
                throw JsonException.at("lone surrogate \\u" + hex4(unit) + " in string", escapeOffset);
            }
            out.append(unit).append(low);
            return;
        }
        out.append(unit);
    }

    /** Reads the four hex digits after "\\u" (pos is just after the 'u'). */
    private char hexQuad(int escapeOffset) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = hexDigit(peek());
            if (digit < 0) {
                throw JsonException.at("invalid \\u escape: expected 4 hex digits", escapeOffset);
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    /** ASCII hex only: Character.digit would also take full-width and other non-ASCII digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private Object number() {
        int start = pos;
        int digits = 0;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        if (pos == text.length() || !isDigit(text.charAt(pos))) {
            throw JsonException.at("expected a digit after '-', got " + describe(pos), pos);
        }
        if (text.charAt(pos) == '0') {
            pos++;
            digits++;
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                throw JsonException.at("leading zero in number", start);
            }
        } else {
            digits += digitRun(start, digits);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw JsonException.at("expected a digit after '.', got " + describe(pos), pos);
            }
            digits += digitRun(start, digits);
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw JsonException.at("expected a digit in the exponent, got " + describe(pos), pos);
            }
            int exponentStart = pos;
            digits += digitRun(start, digits);
            checkExponent(exponentStart, start);
        }
        String token = text.substring(start, pos);
        return integral ? integer(token) : new BigDecimal(token);
    }

    /** Consumes a run of ASCII digits, refusing as soon as the number has too many. */
    private int digitRun(int numberStart, int digitsSoFar) {
        int count = 0;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            if (digitsSoFar + ++count > limits.maxNumberDigits()) {
                throw JsonException.at("number with more than " + limits.maxNumberDigits() + " digits", numberStart);
            }
            pos++;
        }
        return count;
    }

    private void checkExponent(int exponentStart, int numberStart) {
        int i = exponentStart;
        while (i < pos - 1 && text.charAt(i) == '0') {
            i++;
        }
        if (pos - i > 4 || Integer.parseInt(text, i, pos, 10) > MAX_EXPONENT) {
            throw JsonException.at("number exponent beyond +/-" + MAX_EXPONENT, numberStart);
        }
    }

    /** Integers stay exact: a Long when they fit, a BigInteger when they do not. */
    private static Object integer(String token) {
        if (token.length() <= 18) {
            return Long.parseLong(token);
        }
        BigInteger big = new BigInteger(token);
        return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
    }

    private Object literal(String word, Boolean value) {
        if (!text.startsWith(word, pos)) {
            throw JsonException.at("expected a JSON value, got " + describe(pos)
                    + " (did you mean '" + word + "'?)", pos);
        }
        pos += word.length();
        return value;
    }

    private void expect(char wanted, String where) {
        if (peek() != wanted) {
            throw JsonException.at("expected '" + wanted + "' " + where + ", got " + describe(pos), pos);
        }
        pos++;
    }

    /** The current character, or NUL at the end (never a valid token start, so checks fail safely). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** JSON whitespace is exactly these four; any other "space" is garbage. */
    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Names the character at {@code at} for a message, safely for logs. */
    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        if (c == '\uFEFF') {
            return "a byte order mark (U+FEFF)";
        }
        if (c > 0x20 && c < 0x7F) {
            return "'" + c + "'";
        }
        return codeUnit(c);
    }

    private static String printable(char c) {
        return c > 0x20 && c < 0x7F ? String.valueOf(c) : codeUnit(c);
    }

    private static String codeUnit(char c) {
        return "U+" + hex4(c).toUpperCase(Locale.ROOT);
    }

    private static String hex4(char c) {
        String hex = Integer.toHexString(c);
        return "0000".substring(hex.length()) + hex;
    }
}
