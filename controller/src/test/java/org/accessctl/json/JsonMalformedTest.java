package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a text can break RFC 8259, each refused with a message that says where and why: in
 * Jackson's words (the part of them that names the problem is checked) or ours for what we check.
 */
class JsonMalformedTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                refused("", 0, "expected a JSON value, got empty input"),
                refused("   \n", 4, "expected a JSON value, got empty input"),
                refused("[1,2,]", 5, "Unexpected character (']' (code 93)): expected a valid value"),
                refused("{\"a\":1,}", 7, "Unexpected character ('}' (code 125)): was expecting double-quote to start field name"),
                refused("[,1]", 1, "Unexpected character (',' (code 44)): expected a valid value"),
                refused("[1 2]", 3, "Unexpected character ('2' (code 50)): was expecting comma to separate Array entries"),
                refused("{\"a\" 1}", 5, "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value"),
                refused("{\"a\":1 \"b\":2}", 7, "Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries"),
                refused("{a:1}", 1, "Unexpected character ('a' (code 97)): was expecting double-quote to start field name"),
                refused("{'a':1}", 1, "Unexpected character (''' (code 39)): was expecting double-quote to start field name"),
                refused("['a']", 1, "Unexpected character (''' (code 39)): expected a valid value"),
                refused("{\"a\":1,\"b\":2,\"a\":3}", 16, "Duplicate field 'a'"),
                refused("{\"k\\u0041\":1,\"kA\":2}", 17, "Duplicate field 'kA'"),
                refused("01", 1, "Invalid numeric value: Leading zeroes not allowed"),
                refused("-01", 2, "Invalid numeric value: Leading zeroes not allowed"),
                refused("-", 1, "Unexpected end-of-input: No digit following sign"),
                refused("+1", 1, "Unexpected character ('+' (code 43)) in numeric value: JSON spec does not allow numbers to have plus signs"),
                refused(".5", 0, "Unexpected character ('.' (code 46)): expected a valid value"),
                refused("1.", 1, "Unexpected character ('.' (code 46)) in numeric value: Decimal point not followed by a digit"),
                refused("1.e5", 1, "Unexpected character ('e' (code 101)) in numeric value: Decimal point not followed by a digit"),
                refused("1e", 2, "Unexpected end-of-input: expected a digit for number exponent"),
                refused("1e+", 3, "Unexpected end-of-input: expected a digit for number exponent"),
                refused("0x10", 1, "Unexpected character ('x' (code 120)): Expected space separating root-level values"),
                refused("NaN", 3, "Non-standard token 'NaN'"),
                refused("Infinity", 8, "Non-standard token 'Infinity'"),
                refused("-Infinity", 9, "Non-standard token '-Infinity'"),
                refused("1".repeat(101), 0, "number with more than 100 digits"),
                refused("tru", 0, "Unrecognized token 'tru'"),
                refused("nul", 0, "Unrecognized token 'nul'"),
                refused("True", 0, "Unrecognized token 'True'"),
                refused("\"abc", 4, "Unexpected end-of-input: was expecting closing quote for a string value"),
                refused("[\"abc]", 6, "Unexpected end-of-input: was expecting closing quote for a string value"),
                refused("\"a\\x\"", 3, "Unrecognized character escape 'x' (code 120)"),
                refused("\"a\\'\"", 3, "Unrecognized character escape ''' (code 39)"),
                refused("\"\\u12\"", 5, "Unexpected character ('\"' (code 34)): expected a hex-digit for character escape sequence"),
                refused("\"\\u12g4\"", 5, "Unexpected character ('g' (code 103)): expected a hex-digit for character escape sequence"),
                refused("\"\\", 2, "Unexpected end-of-input in character escape sequence"),
                refused("\"\\uD800\"", 0, "lone surrogate U+D800 in string"),
                refused("\"\\uDC00\"", 0, "lone surrogate U+DC00 in string"),
                refused("\"\\uD800\\u0041\"", 0, "lone surrogate U+D800 in string"),
                refused("\"\\uD800\\n\"", 0, "lone surrogate U+D800 in string"),
                refused("\"\uD800\"", 0, "lone surrogate U+D800 in string"),
                refused("\"\uDE00\uD83D\"", 0, "lone surrogate U+DE00 in string"),
                refused("\"a\nb\"", 2, "Illegal unquoted character ((CTRL-CHAR, code 10)): has to be escaped using backslash to be included in string value"),
                refused("\"\u0000\"", 1, "Illegal unquoted character ((CTRL-CHAR, code 0)): has to be escaped using backslash to be included in string value"),
                refused("\"\t\"", 1, "Illegal unquoted character ((CTRL-CHAR, code 9)): has to be escaped using backslash to be included in string value"),
                refused("{} x", 3, "Unrecognized token 'x'"),
                refused("[1]]", 3, "Unexpected close marker ']': no open Array to close"),
                refused("1 2", 2, "unexpected \"2\" after the JSON value"),
                refused("{}\u0000", 3, "Illegal character ((CTRL-CHAR, code 0)): only regular white space"),
                refused("\uFEFF{}", 0, "Unexpected character ('\\ufeff' (code 65279 / 0xfeff)): expected a valid value"),
                refused("\u00a0{}", 0, "Unexpected character ('\\u00a0' (code 160)): expected a valid value"),
                refused("[1,\f2]", 4, "Illegal character ((CTRL-CHAR, code 12)): only regular white space"),
                refused("/* c */ {}", 0, "Unexpected character ('/' (code 47)): maybe a (non-standard) comment?"),
                refused("{} // c", 3, "Unexpected character ('/' (code 47)): maybe a (non-standard) comment?"),
                refused("[1", 2, "Unexpected end-of-input: expected close marker for Array"),
                refused("{\"a\":", 5, "Unexpected end-of-input within/between Object entries"),
                refused("{", 1, "Unexpected end-of-input: expected close marker for Object"),
                refused("[".repeat(10_000), 32, "nesting deeper than 32 levels"),
                refused("{\"a\":".repeat(10_000), 160, "nesting deeper than 32 levels"),
                refused("\uFF11", 0, "Unexpected character ('\\uff11' (code 65297 / 0xff11)): expected a valid value"));
    }

    private static Arguments refused(String text, int offset, String problem) {
        return Arguments.of(text, offset, problem);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void isRefusedWithAMessageNamingProblemAndOffset(String text, int offset, String problem) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));

        assertTrue(e.getMessage().startsWith(problem), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at offset " + offset), e.getMessage());
        assertEquals(offset, e.offset());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7F), "one printable line: " + e.getMessage());
    }
}
