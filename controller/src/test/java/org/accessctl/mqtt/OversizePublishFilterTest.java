package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter at the byte level: what passes unchanged, what is replaced, at every split of the
 * input and with a socket timeout at every byte, as Paho reads it.
 */
class OversizePublishFilterTest {

    private static final int LIMIT = 16;
    private static final byte[] CONNACK = {0x20, 0x02, 0x00, 0x00};
    private static final byte[] SUBACK = {(byte) 0x90, 0x03, 0x00, 0x01, 0x01};
    private static final byte[] PINGRESP = {(byte) 0xd0, 0x00};
    private static final byte[] PUBACK = {0x40, 0x02, 0x00, 0x07};

    @Test
    void packetsWithinTheLimitPassUnchangedHoweverTheyAreSplit() throws IOException {
        byte[] in = concat(CONNACK, SUBACK, publish(0x31, "accessctl/main/personnel/P-1", -1, payload(LIMIT)),
                PINGRESP, publish(0x32, "t", 7, payload(3)), PUBACK, publish(0x30, "empty", -1, new byte[0]));

        assertFilteredEverySplit(in, in, LIMIT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x30, 0x31, 0x32, 0x33, 0x34, 0x3a, 0x3b})
    void aPayloadOneOverTheLimitIsReplacedKeepingFlagsTopicAndPacketId(int flags) throws IOException {
        boolean hasId = ((flags >> 1) & 3) > 0;
        byte[] big = publish(flags, "accessctl/main/visits/V-1", hasId ? 0x1234 : -1, payload(LIMIT + 1));
        byte[] expected = publish(flags, "accessctl/main/visits/V-1", hasId ? 0x1234 : -1, OversizeMessage.standIn(LIMIT + 1));

        assertFilteredEverySplit(concat(CONNACK, big, PUBACK), concat(CONNACK, expected, PUBACK), LIMIT);
    }

    @Test
    void aPayloadOfExactlyTheLimitPassesEvenWhenALongTopicMakesThePacketLarger() throws IOException {
        byte[] atLimit = publish(0x33, "a-topic-longer-than-the-limit-itself", 9, payload(LIMIT));

        assertFilteredEverySplit(concat(atLimit, PINGRESP), concat(atLimit, PINGRESP), LIMIT);
    }

    @Test
    void theDoorsOwnLimitPassesTwoHundredAndFiftySixKibibytesAndNotOneByteMore() throws IOException {
        int limit = OversizeMessage.LIMIT_BYTES;
        byte[] atLimit = publish(0x33, "accessctl/main/personnel/P-1", 1, payload(limit));
        byte[] overLimit = publish(0x33, "accessctl/main/personnel/P-2", 2, payload(limit + 1));
        byte[] standIn = publish(0x33, "accessctl/main/personnel/P-2", 2, OversizeMessage.standIn(limit + 1));

        assertArrayEquals(concat(atLimit, standIn), filtered(concat(atLimit, overLimit), limit, 8192, true));
    }

    /** Remaining lengths of 1, 2, 3 and 4 bytes, at each length's edges, within the limit and beyond it. */
    @ParameterizedTest
    @ValueSource(ints = {127, 128, 16_383, 16_384, 2_097_151, 2_097_152})
    void remainingLengthsOfEveryWidth(int remaining) throws IOException {
        String topic = "t/x";
        int payload = remaining - 2 - topic.length() - 2;
        byte[] packet = publish(0x32, topic, 5, payload(payload));
        assertEquals(remaining, decodedRemaining(packet));

        assertArrayEquals(concat(packet, PINGRESP), filtered(concat(packet, PINGRESP), remaining, 8192, false));
        assertArrayEquals(concat(publish(0x32, topic, 5, OversizeMessage.standIn(payload)), PINGRESP),
                filtered(concat(packet, PINGRESP), LIMIT, 8192, false));
    }

    @Test
    void aHugePayloadIsSkippedAsItStreamsAndNeverHeld() throws IOException {
        long payload = 150L * 1024 * 1024; // more than this JVM's heap
        byte[] head = concat(new byte[] {0x33}, remainingLength(2 + 3 + 2 + payload), new byte[] {0, 3, 'a', '/', 'b', 0, 42});
        InputStream huge = new SequenceOfParts(head, payload, PINGRESP);

        try (OversizePublishFilter filter = new OversizePublishFilter(huge, OversizeMessage.LIMIT_BYTES)) {
            byte[] got = filter.readAllBytes();
            assertArrayEquals(concat(publish(0x33, "a/b", 42, OversizeMessage.standIn(payload)), PINGRESP), got);
        }
    }

    /**
     * While a huge payload crosses a slow link the client must see bytes arriving, or it takes
     * the connection for dead (its ping's answer waits behind the payload): half the payload
     * skipped, about half the stand-in passed on.
     */
    @Test
    void theStandInArrivesAsThePayloadIsSkipped() throws IOException {
        int payload = 3 * 1024 * 1024;
        byte[] packet = publish(0x31, "t", -1, new byte[payload]);
        byte[] expected = publish(0x31, "t", -1, OversizeMessage.standIn(payload));
        int standIn = OversizeMessage.standIn(payload).length;
        int head = expected.length - standIn;

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream halfThenSilence = new Chunks(packet, new int[] {packet.length - payload / 2}, false) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (position() == packet.length - payload / 2) {
                    throw new SocketTimeoutException("Read timed out");
                }
                return super.read(b, off, len);
            }
        };
        OversizePublishFilter filter = new OversizePublishFilter(halfThenSilence, LIMIT);
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = filter.read(buffer, 0, buffer.length)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException silence) {
            // all that came through before the link went quiet
        }
        byte[] sofar = out.toByteArray();
        assertArrayEquals(Arrays.copyOf(expected, sofar.length), sofar, "a prefix of the stand-in packet");
        int passed = sofar.length - head;
        assertTrue(Math.abs(passed - standIn / 2) <= 1, passed + " of " + standIn + " stand-in bytes with half skipped");
    }

    @Test
    void pahoReadsTheStandInAsAnOrdinaryPublish() throws Exception {
        byte[] big = publish(0x33, "accessctl/main/personnel/P-9", 77, payload(LIMIT + 100));
        byte[] out = filtered(big, LIMIT, 4096, false);

        MqttPublish publish = (MqttPublish) MqttWireMessage.createWireMessage(out);
        assertEquals("accessctl/main/personnel/P-9", publish.getTopicName());
        assertEquals(77, publish.getMessageId());
        assertEquals(1, publish.getMessage().getQos());
        assertTrue(publish.getMessage().isRetained());
        assertEquals(Optional.of("message of " + (LIMIT + 100) + " bytes exceeds the limit of " + OversizeMessage.LIMIT_BYTES),
                OversizeMessage.describe(publish.getMessage().getPayload()));
    }

    @Test
    void aRemainingLengthOfFiveBytesIsRefused() {
        byte[] in = {0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        IOException e = assertThrows(IOException.class, () -> filtered(in, LIMIT, 4096, false));
        assertTrue(e.getMessage().contains("remaining length"), e.getMessage());
    }

    @Test
    void anOversizePublishWhoseTopicRunsPastThePacketIsRefused() {
        byte[] in = concat(new byte[] {0x30, 20, 0x00, 30}, payload(18));
        IOException e = assertThrows(IOException.class, () -> filtered(in, LIMIT, 4096, false));
        assertTrue(e.getMessage().contains("topic"), e.getMessage());
    }

    @Test
    void theEndOfTheStreamMidPacketIsTheEnd() throws IOException {
        byte[] cut = Arrays.copyOf(publish(0x31, "t", -1, payload(LIMIT + 10)), 12);
        byte[] standIn = publish(0x31, "t", -1, OversizeMessage.standIn(LIMIT + 10));
        byte[] got = filtered(cut, LIMIT, 4096, false);
        assertTrue(got.length < standIn.length, "the stand-in ends with the payload, not before");
        assertArrayEquals(Arrays.copyOf(standIn, got.length), got);
        try (OversizePublishFilter filter = new OversizePublishFilter(new java.io.ByteArrayInputStream(new byte[] {0x30}), LIMIT)) {
            assertEquals(-1, filter.read());
        }
    }

    @Test
    void onlyAStandInIsDescribed() {
        assertEquals(Optional.of("message of 157286400 bytes exceeds the limit of 262144"),
                OversizeMessage.describe(OversizeMessage.standIn(157_286_400L)));
        assertEquals(Optional.empty(), OversizeMessage.describe(new byte[0]));
        assertEquals(Optional.empty(), OversizeMessage.describe("{\"personId\":\"P-1\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Optional.empty(), OversizeMessage.describe("oversize 5 bytes".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), OversizeMessage.describe(new byte[] {0}));
        byte[] padded = OversizeMessage.standIn(268_435_455L);
        assertEquals(4095, padded.length, "one byte per 64 KiB of MQTT's largest message");
        assertEquals(Optional.of("message of 268435455 bytes exceeds the limit of 262144"), OversizeMessage.describe(padded));
        assertTrue(OversizeMessage.standIn(0).length > 0, "never an empty payload, which would delete a record");
    }

    /**
     * The filter's output equals {@code expected} whatever the reads look like: the input cut in
     * two at every byte, one byte at a time, and with a socket timeout before every byte.
     */
    private static void assertFilteredEverySplit(byte[] in, byte[] expected, int limit) throws IOException {
        for (int cut = 0; cut <= in.length; cut++) {
            assertArrayEquals(expected, filtered(new Chunks(in, new int[] {cut}, false), limit, 4096), "cut at " + cut);
        }
        int[] everyByte = new int[in.length];
        Arrays.setAll(everyByte, i -> i);
        for (int readSize : new int[] {1, 3, 4096}) {
            assertArrayEquals(expected, filtered(new Chunks(in, everyByte, false), limit, readSize), "read " + readSize);
            assertArrayEquals(expected, filtered(new Chunks(in, everyByte, true), limit, readSize),
                    "read " + readSize + " with timeouts");
        }
    }

    private static byte[] filtered(byte[] in, int limit, int readSize, boolean timeouts) throws IOException {
        return filtered(new Chunks(in, new int[0], timeouts), limit, readSize);
    }

    /** Reads everything as Paho does: a timeout is not the end, the next read resumes. */
    private static byte[] filtered(InputStream in, int limit, int readSize) throws IOException {
        OversizePublishFilter filter = new OversizePublishFilter(in, limit);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        while (true) {
            int n;
            try {
                n = readSize == 1 ? oneByte(filter, buffer) : filter.read(buffer, 0, readSize);
            } catch (SocketTimeoutException timeout) {
                continue;
            }
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buffer, 0, n);
        }
    }

    private static int oneByte(InputStream in, byte[] buffer) throws IOException {
        int c = in.read();
        if (c < 0) {
            return -1;
        }
        buffer[0] = (byte) c;
        return 1;
    }

    static byte[] publish(int flags, String topic, int packetId, byte[] payload) {
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        byte[] id = packetId < 0 ? new byte[0] : new byte[] {(byte) (packetId >> 8), (byte) packetId};
        byte[] body = concat(new byte[] {(byte) (name.length >> 8), (byte) name.length}, name, id, payload);
        return concat(new byte[] {(byte) flags}, remainingLength(body.length), body);
    }

    static byte[] remainingLength(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int digit = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return out.toByteArray();
    }

    private static int decodedRemaining(byte[] packet) {
        int value = 0;
        int shift = 0;
        for (int i = 1; ; i++) {
            value |= (packet[i] & 0x7f) << shift;
            if ((packet[i] & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    private static byte[] payload(int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) ('a' + i % 26);
        }
        return p;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Bytes delivered no further than the next cut per read, optionally with a timeout at every cut. */
    private static class Chunks extends InputStream {
        private final byte[] data;
        private final int[] cuts;
        private final boolean timeouts;
        private int position;
        private int timedOutAt = -1;

        Chunks(byte[] data, int[] cuts, boolean timeouts) {
            this.data = data;
            this.cuts = cuts;
            this.timeouts = timeouts;
        }

        int position() {
            return position;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (timeouts && timedOutAt != position) {
                timedOutAt = position;
                throw new SocketTimeoutException("Read timed out");
            }
            if (position == data.length) {
                return -1;
            }
            int end = data.length;
            for (int c : cuts) {
                if (c > position) {
                    end = Math.min(end, c);
                    break;
                }
            }
            int n = Math.min(len, end - position);
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }

    /** A head, then {@code fill} zero bytes made up as they are read, then a tail. */
    private static final class SequenceOfParts extends InputStream {
        private final byte[] head;
        private final byte[] tail;
        private final long fillEnd;
        private long position;

        SequenceOfParts(byte[] head, long fill, byte[] tail) {
            this.head = head;
            this.tail = tail;
            this.fillEnd = head.length + fill;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position < head.length) {
                int n = (int) Math.min(len, head.length - position);
                System.arraycopy(head, (int) position, b, off, n);
                position += n;
                return n;
            }
            if (position < fillEnd) {
                int n = (int) Math.min(len, fillEnd - position);
                Arrays.fill(b, off, off + n, (byte) 0);
                position += n;
                return n;
            }
            int at = (int) (position - fillEnd);
            if (at == tail.length) {
                return -1;
            }
            int n = Math.min(len, tail.length - at);
            System.arraycopy(tail, at, b, off, n);
            position += n;
            return n;
        }
    }
}
