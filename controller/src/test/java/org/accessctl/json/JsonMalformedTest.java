package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a text can break RFC 8259, each refused with a message that says where and why. */
class JsonMalformedTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                refused("", "expected a JSON value, got empty input at offset 0"),
                refused("   \n", "expected a JSON value, got empty input at offset 4"),
                refused("[1,2,]", "trailing comma before ']' at offset 5"),
                refused("{\"a\":1,}", "trailing comma before '}' at offset 7"),
                refused("[,1]", "expected a JSON value, got ',' at offset 1"),
                refused("[1 2]", "expected ',' or ']' after array element, got '2' at offset 3"),
                refused("{\"a\" 1}", "expected ':' after object key, got '1' at offset 5"),
                refused("{\"a\":1 \"b\":2}", "expected ',' or '}' after object member, got '\"' at offset 7"),
                refused("{a:1}", "expected '\"' to start an object key, got 'a' at offset 1"),
                refused("{'a':1}", "expected '\"' to start an object key, got ''' at offset 1"),
                refused("['a']", "expected a JSON value, got ''' at offset 1"),
                refused("{\"a\":1,\"b\":2,\"a\":3}", "duplicate object key \"a\" at offset 13"),
                refused("{\"k\\u0041\":1,\"kA\":2}", "duplicate object key \"kA\" at offset 13"),
                refused("01", "leading zero in number at offset 0"),
                refused("-01", "leading zero in number at offset 0"),
                refused("-", "expected a digit after '-', got end of input at offset 1"),
                refused("+1", "expected a JSON value, got '+' at offset 0"),
                refused(".5", "expected a JSON value, got '.' at offset 0"),
                refused("1.", "expected a digit after '.', got end of input at offset 2"),
                refused("1.e5", "expected a digit after '.', got 'e' at offset 2"),
                refused("1e", "expected a digit in the exponent, got end of input at offset 2"),
                refused("1e+", "expected a digit in the exponent, got end of input at offset 3"),
                refused("0x10", "unexpected 'x' after the JSON value at offset 1"),
                refused("NaN", "expected a JSON value, got 'N' at offset 0"),
                refused("Infinity", "expected a JSON value, got 'I' at offset 0"),
                refused("-Infinity", "expected a digit after '-', got 'I' at offset 1"),
                refused("1".repeat(101), "number with more than 100 digits at offset 0"),
                refused("tru", "expected a JSON value, got 't' (did you mean 'true'?) at offset 0"),
                refused("nul", "expected a JSON value, got 'n' (did you mean 'null'?) at offset 0"),
                refused("True", "expected a JSON value, got 'T' at offset 0"),
                refused("\"abc", "unterminated string (it starts at offset 0) at offset 4"),
                refused("[\"abc]", "unterminated string (it starts at offset 1) at offset 6"),
                refused("\"a\\x\"", "invalid escape sequence '\\x' at offset 2"),
                refused("\"a\\'\"", "invalid escape sequence '\\'' at offset 2"),
                refused("\"\\u12\"", "invalid \\u escape: expected 4 hex digits at offset 1"),
                refused("\"\\u12g4\"", "invalid \\u escape: expected 4 hex digits at offset 1"),
                refused("\"\\", "unterminated escape sequence at offset 1"),
                refused("\"\\uD800\"", "lone surrogate \\ud800 in string at offset 1"),
                refused("\"\\uDC00\"", "lone surrogate \\udc00 in string at offset 1"),
                refused("\"\\uD800\\u0041\"", "lone surrogate \\ud800 in string at offset 1"),
                refused("\"\\uD800\\n\"", "lone surrogate \\ud800 in string at offset 1"),
                refused("\"\uD800\"", "lone surrogate U+D800 in string at offset 1"),
                refused("\"\uDE00\uD83D\"", "lone surrogate U+DE00 in string at offset 1"),
                refused("\"a\nb\"", "unescaped control character U+000A in string at offset 2"),
                refused("\"\u0000\"", "unescaped control character U+0000 in string at offset 1"),
                refused("\"\t\"", "unescaped control character U+0009 in string at offset 1"),
                refused("{} x", "unexpected 'x' after the JSON value at offset 3"),
                refused("[1]]", "unexpected ']' after the JSON value at offset 3"),
                refused("1 2", "unexpected '2' after the JSON value at offset 2"),
                refused("{}\u0000", "unexpected U+0000 after the JSON value at offset 2"),
                refused("\uFEFF{}", "expected a JSON value, got a byte order mark (U+FEFF) at offset 0"),
                refused("\u00a0{}", "expected a JSON value, got U+00A0 at offset 0"),
                refused("[1,\f2]", "expected a JSON value, got U+000C at offset 3"),
                refused("/* c */ {}", "expected a JSON value, got '/' at offset 0"),
                refused("{} // c", "unexpected '/' after the JSON value at offset 3"),
                refused("[1", "expected ',' or ']' after array element, got end of input at offset 2"),
                refused("{\"a\":", "expected a JSON value, got end of input at offset 5"),
                refused("{", "expected '\"' to start an object key, got end of input at offset 1"),
                refused("[".repeat(10_000), "nesting deeper than 32 levels at offset 32"),
                refused("{\"a\":".repeat(10_000), "nesting deeper than 32 levels at offset 160"),
                refused("\uFF11", "expected a JSON value, got U+FF11 at offset 0"));
    }

    private static Arguments refused(String text, String message) {
        return Arguments.of(text, message);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void isRefusedWithAMessageNamingProblemAndOffset(String text, String message) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));

        assertEquals(message, e.getMessage());
    }
}
