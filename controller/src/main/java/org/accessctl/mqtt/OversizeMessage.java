package org.accessctl.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the door's MQTT client receives in place of a message too large to read. Paho 1.2.5 has
 * no maximum packet size: it allocates a whole PUBLISH before it hands it over, so one huge
 * retained message would exhaust the heap on every reconnect. {@link OversizePublishFilter}
 * drops such a payload as it streams in and passes on a small stand-in with the same topic,
 * flags and packet id, so the message can be refused (and acknowledged) like any bad one.
 *
 * <p>The stand-in's payload starts with a zero byte: it is never valid JSON, never a command
 * token, and never empty (an empty retained payload would mean "delete this record").
 */
public final class OversizeMessage {

    /**
     * The largest payload the door reads, in bytes. Four times the largest record the door
     * accepts (64 KiB of JSON), so no valid message comes near it; small enough that Paho's
     * copy of a message fits in the door's 64 MiB heap many times over.
     */
    public static final int LIMIT_BYTES = 256 * 1024;

    /**
     * One byte of the stand-in per this many bytes of the skipped payload. The stand-in reaches
     * the client as the payload is skipped, so the client sees the connection busy (Paho counts
     * received bytes against its keep-alive, and the broker's ping answer waits behind the
     * payload): at 64 KiB a byte, a link of 10 kB/s still delivers one every 7 s.
     */
    static final int SKIPPED_BYTES_PER_BYTE = 64 * 1024;

    private static final Pattern STAND_IN = Pattern.compile("\0oversize (\\d{1,10}) bytes *");

    private OversizeMessage() {
    }

    /**
     * The stand-in's payload for a message whose payload had {@code size} bytes: a zero byte,
     * {@code oversize <size> bytes}, then spaces, one byte for every
     * {@link #SKIPPED_BYTES_PER_BYTE} of the message (at most 4 KiB for MQTT's largest).
     */
    static byte[] standIn(long size) {
        byte[] text = ("\0oversize " + size + " bytes").getBytes(StandardCharsets.US_ASCII);
        byte[] padded = Arrays.copyOf(text, (int) Math.max(text.length, size / SKIPPED_BYTES_PER_BYTE));
        Arrays.fill(padded, text.length, padded.length, (byte) ' ');
        return padded;
    }

    /**
     * Why a received payload is not the message that was published, if it is a stand-in: for
     * example {@code message of 157286400 bytes exceeds the limit of 262144}. Empty for any
     * other payload.
     */
    public static Optional<String> describe(byte[] payload) {
        if (payload == null || payload.length == 0 || payload[0] != 0 || payload.length > 8192) {
            return Optional.empty();
        }
        Matcher m = STAND_IN.matcher(new String(payload, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of("message of " + m.group(1) + " bytes exceeds the limit of " + LIMIT_BYTES);
    }
}
