package org.accessctl.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 and refuses anything malformed (truncated sequences, overlong forms, encoded
 * surrogates, values above U+10FFFF) instead of replacing it with U+FFFD: a replaced payload
 * is not the payload that was sent, and two different payloads could then decode alike.
 */
final class StrictUtf8 {

    private StrictUtf8() {
    }

    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more UTF-16 units than it has bytes, so one buffer always suffices.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError() || result.isOverflow()) {
            throw JsonException.atByte("malformed UTF-8: invalid byte sequence " + hex(bytes, in.position(), result),
                    in.position());
        }
        out.flip();
        return out.toString();
    }

    private static String hex(byte[] bytes, int at, CoderResult result) {
        int end = result.isError() ? Math.min(bytes.length, at + result.length()) : Math.min(bytes.length, at + 1);
        StringBuilder hex = new StringBuilder();
        for (int i = at; i < end; i++) {
            hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02X", bytes[i] & 0xFF));
        }
        return hex.toString();
    }
}
