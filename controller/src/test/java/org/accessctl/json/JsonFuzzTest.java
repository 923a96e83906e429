package org.accessctl.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile publishers send whatever they like. Mutating valid documents at random, the parser
 * must either accept the result or refuse it with a JsonException: never another exception,
 * never a hang. Fixed seed, so any failure can be replayed.
 */
class JsonFuzzTest {

    private static final String[] SEEDS = {
        "{\"type\":\"grant\",\"person\":{\"name\":\"Jos\u00e9\",\"badges\":[\"04A1B2\",\"04A1B3\"],"
                + "\"active\":true,\"level\":3},\"doors\":[\"dc-1\"],\"until\":null}",
        "[1,-0.5,2e10,1E-7,0,9223372036854775808,123.456e+78,-0]",
        "{\"s\":\"\\u20ac\\uD83D\\uDE00\\n\\t\\\"\\\\\\/ \u00e9\uD83D\uDD11\",\"e\":{},\"a\":[[],[{}]]}",
        "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":[[[[true,false,null]]]]}}}}}",
        "\"just a string\"",
        "  [ 1 , { \"k\" : \"v\" } , \"x\" ]  ",
    };

    /** Fragments that steer mutations toward the parser's interesting corners. */
    private static final String[] TOKENS = {
        "[", "]", "{", "}", "\"", "\\", "\\u", "\\uD83D", "\\uDE00", ",", ":", "e", "E", "-", "+", ".",
        "0", "9", "00", "1e999", "true", "null", "\u0000", "\uFEFF", "\uD800", "\u00e9", " ", "\n",
        "[[[[[[[[", "{\"a\":", "\"a\":1", "9999999999999999999999",
    };

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void mutatedDocumentsAreParsedOrRefusedWithJsonExceptionOnly() {
        SplittableRandom random = new SplittableRandom(0xD00L);
        for (int i = 0; i < 100_000; i++) {
            byte[] doc = mutate(SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8), random);
            boolean asBytes = random.nextBoolean();
            Object parsed;
            try {
                parsed = asBytes ? Json.parseBytes(doc)
                        : Json.parse(new String(doc, random.nextBoolean()
                                ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
            } catch (JsonException refused) {
                continue;
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + ", input bytes " + Arrays.toString(doc), t);
            }
            checkAccepted(parsed, i, doc);
        }
    }

    /**
     * Whatever was accepted can be written and read back to the same text (the Java types may
     * differ: a BigDecimal 1E-0 is written as 1 and read back as a Long), and canonicalized or
     * refused.
     */
    private static void checkAccepted(Object parsed, int iteration, byte[] doc) {
        try {
            String written = Json.write(parsed);
            assertEquals(written, Json.write(Json.parse(written)));
            try {
                String canonical = Json.canonical(parsed);
                assertEquals(canonical, Json.canonical(Json.parse(canonical)));
            } catch (JsonException outOfDoubleRange) {
                // A number like 1e999 parses exactly but has no RFC 8785 form; refusing is right.
            }
        } catch (Throwable t) {
            fail("iteration " + iteration + ", accepted input bytes " + Arrays.toString(doc), t);
        }
    }

    private static byte[] mutate(byte[] doc, SplittableRandom random) {
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(6)) {
                case 0: // flip one bit
                    if (doc.length > 0) {
                        int at = random.nextInt(doc.length);
                        doc[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                case 1: // truncate
                    doc = Arrays.copyOf(doc, random.nextInt(doc.length + 1));
                    break;
                case 2: // insert a random byte
                    doc = insert(doc, random.nextInt(doc.length + 1), new byte[] {(byte) random.nextInt(256)});
                    break;
                case 3: // insert a token
                    doc = insert(doc, random.nextInt(doc.length + 1),
                            TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                    break;
                case 4: // delete a short range
                    if (doc.length > 0) {
                        int from = random.nextInt(doc.length);
                        int to = Math.min(doc.length, from + 1 + random.nextInt(4));
                        byte[] shorter = new byte[doc.length - (to - from)];
                        System.arraycopy(doc, 0, shorter, 0, from);
                        System.arraycopy(doc, to, shorter, from, doc.length - to);
                        doc = shorter;
                    }
                    break;
                default: // duplicate a slice elsewhere
                    if (doc.length > 0) {
                        int from = random.nextInt(doc.length);
                        int to = Math.min(doc.length, from + 1 + random.nextInt(12));
                        doc = insert(doc, random.nextInt(doc.length + 1), Arrays.copyOfRange(doc, from, to));
                    }
            }
        }
        return doc;
    }

    private static byte[] insert(byte[] doc, int at, byte[] piece) {
        byte[] longer = new byte[doc.length + piece.length];
        System.arraycopy(doc, 0, longer, 0, at);
        System.arraycopy(piece, 0, longer, at, piece.length);
        System.arraycopy(doc, at, longer, at + piece.length, doc.length - at);
        return longer;
    }
}
