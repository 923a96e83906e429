package org.accessctl.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads one JSON text into plain Java values (see {@link Json}) through Jackson's streaming
 * parser, which refuses whatever RFC 8259 does not allow, malformed UTF-8 and duplicate names,
 * and enforces the {@link JsonLimits}. On top of it this refuses what Jackson lets through:
 * lone surrogates, more after the value, a byte order mark or UTF-16/32 bytes, and exponents
 * beyond ±{@value #MAX_EXPONENT}. One instance reads one text.
 */
final class JsonReader {

    /**
     * Largest exponent magnitude accepted in a number. Doubles end near 1e308 and 1e-324, so
     * this loses nothing real, while it keeps a crafted {@code 1e999999999} from turning into
     * a billion-digit value when some caller later asks for its integer or plain form.
     */
    static final int MAX_EXPONENT = 9999;

    /** Messages quote what Jackson quotes of the input; a hostile input gets no more than this. */
    private static final int MAX_PROBLEM_LENGTH = 200;

    private static final Map<JsonLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

    private final JsonParser parser;
    private final JsonLimits limits;
    private final boolean bytes;

    private JsonReader(JsonParser parser, JsonLimits limits, boolean bytes) {
        this.parser = parser;
        this.limits = limits;
        this.bytes = bytes;
    }

    static Object parse(String text, JsonLimits limits) {
        if (text.length() > limits.maxInputLength()) {
            throw JsonException.at("input of " + text.length() + " characters is longer than the limit of "
                    + limits.maxInputLength(), limits.maxInputLength());
        }
        try (JsonParser parser = factory(limits).createParser(text)) {
            return new JsonReader(parser, limits, false).document(text.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // closing a parser over a string
        }
    }

    static Object parse(byte[] payload, JsonLimits limits) {
        if (payload.length > limits.maxInputLength()) {
            throw JsonException.atByte("payload of " + payload.length + " bytes is longer than the limit of "
                    + limits.maxInputLength(), limits.maxInputLength());
        }
        utf8Only(payload);
        try (JsonParser parser = factory(limits).createParser(payload)) {
            return new JsonReader(parser, limits, true).document(payload.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonFactory factory(JsonLimits limits) {
        return FACTORIES.computeIfAbsent(limits, l -> JsonFactory.builder()
                // A second value under one name is how a payload gets read one way by us and
                // another way by whoever else sees it.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES) // names come from anyone
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(l.maxInputLength())
                        .maxNestingDepth(l.maxDepth())
                        .maxStringLength(l.maxStringLength())
                        .maxNameLength(l.maxStringLength())
                        .maxNumberLength(l.maxNumberDigits())
                        .build())
                .build());
    }

    /**
     * Jackson takes a byte order mark, or the zero bytes that UTF-16 and UTF-32 text starts
     * with, as a choice of encoding; RFC 8259 allows UTF-8 without a mark only.
     */
    private static void utf8Only(byte[] payload) {
        String start = new String(payload, 0, Math.min(4, payload.length), StandardCharsets.ISO_8859_1);
        if (start.startsWith("\u00EF\u00BB\u00BF") || start.startsWith("\u00FE\u00FF") || start.startsWith("\u00FF\u00FE")) {
            throw JsonException.atByte("a byte order mark before the JSON value (RFC 8259 allows none)", 0);
        }
        if (start.indexOf('\0') >= 0) {
            throw JsonException.atByte("a zero byte (UTF-16 or UTF-32? JSON payloads are UTF-8)", start.indexOf('\0'));
        }
    }

    private Object document(int length) throws IOException {
        try {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw refusal("expected a JSON value, got empty input", length);
            }
            Object value = value(first);
            if (parser.nextToken() != null) {
                throw refusal("unexpected " + JsonStrings.forMessage(parser.getText()) + " after the JSON value",
                        offset(parser.currentTokenLocation()));
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw overLimit(e);
        } catch (JsonProcessingException e) {
            throw refusal(problem(e.getOriginalMessage()), offset(e.getLocation()));
        }
    }

    /** Recursion is safe: Jackson refuses nesting beyond {@link JsonLimits#maxDepth()}. */
    private Object value(JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> members = new LinkedHashMap<>();
                for (String name; (name = parser.nextFieldName()) != null; ) {
                    members.put(wellFormed(name), value(parser.nextToken()));
                }
                yield members;
            }
            case START_ARRAY -> {
                List<Object> elements = new ArrayList<>();
                for (JsonToken next; (next = parser.nextToken()) != JsonToken.END_ARRAY; ) {
                    elements.add(value(next));
                }
                yield elements;
            }
            case VALUE_STRING -> wellFormed(parser.getText());
            case VALUE_NUMBER_INT -> {
                checkNumber();
                yield parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                checkNumber();
                yield parser.getDecimalValue(); // exact, scale and all: 4.50 stays 4.50
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("Jackson gave " + token + " where a value belongs");
        };
    }

    /**
     * Jackson checks the digits of most numbers itself but not of every one (not a fraction that
     * ends the input), and leaves exponents alone.
     */
    private void checkNumber() throws IOException {
        if (parser.getTextLength() <= Math.min(limits.maxNumberDigits(), 6)) {
            return; // too short for too many digits or a five-digit exponent
        }
        String text = parser.getText();
        int digits = 0;
        int exponent = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == 'e' || c == 'E') {
                exponent = i + 1;
            }
        }
        if (digits > limits.maxNumberDigits()) {
            throw refusal("number with more than " + limits.maxNumberDigits() + " digits", offset(parser.currentTokenLocation()));
        }
        if (exponent > 0 && new BigInteger(text.substring(exponent)).abs().compareTo(BigInteger.valueOf(MAX_EXPONENT)) > 0) {
            throw refusal("number exponent beyond +/-" + MAX_EXPONENT, offset(parser.currentTokenLocation()));
        }
    }

    /** Half a character has no UTF-8 form, so no writer could pass it on as it came; Jackson keeps it. */
    private String wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw refusal(String.format("lone surrogate U+%04X in string", (int) c), offset(parser.currentTokenLocation()));
            }
        }
        return s;
    }

    /** Jackson's own words for a limit name its setting; ours name the limit and where it was passed. */
    private JsonException overLimit(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Document nesting depth")) {
            // Thrown just after reading the bracket that went one level too deep.
            return refusal("nesting deeper than " + limits.maxDepth() + " levels", offset(parser.currentLocation()) - 1);
        }
        int at = offset(parser.currentTokenLocation());
        if (message.startsWith("String value length") || message.startsWith("Name length")) {
            return refusal("string longer than " + limits.maxStringLength() + " characters", at);
        }
        if (message.startsWith("Number value length")) {
            return refusal("number with more than " + limits.maxNumberDigits() + " digits", at);
        }
        return refusal(problem(message), at);
    }

    private int offset(JsonLocation location) {
        if (location == null) {
            return -1;
        }
        return (int) (bytes ? location.getByteOffset() : location.getCharOffset());
    }

    private JsonException refusal(String problem, int offset) {
        return bytes ? JsonException.atByte(problem, offset) : JsonException.at(problem, offset);
    }

    /**
     * Jackson's message without the location it appends (ours is an offset), short, and one line
     * of printable ASCII whatever the input held, so it can go into a log line as it is.
     */
    private static String problem(String message) {
        String plain = message.replace("[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "[")
                .replaceFirst("^Unexpected end-of-input(?=\\w)", "Unexpected end-of-input: ");
        StringBuilder out = new StringBuilder();
        for (char c : plain.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.length() <= MAX_PROBLEM_LENGTH ? out.toString() : out.substring(0, MAX_PROBLEM_LENGTH) + "...";
    }
}
