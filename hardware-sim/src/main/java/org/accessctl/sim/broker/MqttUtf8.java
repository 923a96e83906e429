package org.accessctl.sim.broker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The spec's rules for strings: well-formed UTF-8 (which excludes encoded surrogates) and no
 * U+0000. A string breaking them obliges the server to close the connection.
 */
final class MqttUtf8 {

    static String decode(byte[] bytes, int offset, int length, String what) throws ProtocolViolationException {
        // A fresh decoder each time: decoders are stateful and strings are decoded on many threads.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String value;
        try {
            value = decoder.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolViolationException(what + " is not valid UTF-8");
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new ProtocolViolationException(what + " contains U+0000");
        }
        return value;
    }

    static byte[] encode(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private MqttUtf8() {
    }
}
