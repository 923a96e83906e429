package org.accessctl.serial;

import static org.accessctl.serial.Bytes.CR;
import static org.accessctl.serial.Bytes.ETX;
import static org.accessctl.serial.Bytes.LF;
import static org.accessctl.serial.Bytes.STX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StxFrameDecoderTest {

    @Test
    void decodesTheDatasheetRdm6300Frame() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.RDM6300, Bytes.of(STX, "62E3086CED08", ETX));
        assertEquals(List.of("62E3086CED"), run.badges());
        assertEquals(0, run.droppedFrames());
    }

    @Test
    void decodesTheDatasheetId12Frame() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.ID12,
                Bytes.of(STX, "62E3086CED08", CR, LF, ETX));
        assertEquals(List.of("62E3086CED"), run.badges());
        assertEquals(0, run.droppedFrames());
    }

    @Test
    void lowerCaseDigitsOnTheWireComeOutUpperCase() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.RDM6300, Bytes.of(STX, "62e3086ced08", ETX));
        assertEquals(List.of("62E3086CED"), run.badges());
    }

    @Test
    void repeatedFramesOfAHeldCardAreEachDecoded() {
        byte[] frame = Bytes.of(STX, "62E3086CED08", ETX);
        DecoderRun run = DecoderRun.whole(BadgeFormat.RDM6300, Bytes.of(frame, frame, frame));
        assertEquals(List.of("62E3086CED", "62E3086CED", "62E3086CED"), run.badges());
    }

    @Test
    void eachKindOfBadFrameIsDroppedForItsReason() {
        assertDropped(BadgeFormat.RDM6300, DropReason.BAD_CHECKSUM, Bytes.of(STX, "62E3086CED09", ETX));
        assertDropped(BadgeFormat.RDM6300, DropReason.WRONG_LENGTH, Bytes.of(STX, "62E3086C", ETX));
        assertDropped(BadgeFormat.RDM6300, DropReason.WRONG_LENGTH, Bytes.of(STX, "62E3086CED080", ETX));
        assertDropped(BadgeFormat.RDM6300, DropReason.STRAY_BYTE, Bytes.of(STX, "62E3 086CED08", ETX));
        assertDropped(BadgeFormat.RDM6300, DropReason.STRAY_BYTE, Bytes.of(STX, "62E3086CED08", 0x00));
        assertDropped(BadgeFormat.RDM6300, DropReason.NOISE, Bytes.of("garbage", 0xFF, ETX, 0x00));
        assertDropped(BadgeFormat.ID12, DropReason.WRONG_LENGTH, Bytes.of(STX, "62E3086CED08", ETX));
        assertDropped(BadgeFormat.ID12, DropReason.WRONG_LENGTH, Bytes.of(STX, "62E3086CED08", CR, ETX));
        assertDropped(BadgeFormat.ID12, DropReason.STRAY_BYTE, Bytes.of(STX, "62E3086CED08", LF, CR, ETX));
    }

    private static void assertDropped(BadgeFormat format, DropReason reason, byte[] bad) {
        byte[] good = FrameEncoder.encode(format, "0102030405");
        DecoderRun run = DecoderRun.whole(format, Bytes.of(bad, good));
        assertEquals(List.of("0102030405"), run.badges());
        assertEquals(List.of(reason), run.drops());
        assertEquals(1, run.droppedFrames());
    }

    @Test
    void anStxInsideAFrameDropsItAndStartsAnother() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.RDM6300,
                Bytes.of(STX, "62E308", STX, "62E3086CED08", ETX));
        assertEquals(List.of("62E3086CED"), run.badges());
        assertEquals(List.of(DropReason.MISSING_END), run.drops());
    }

    @Test
    void aRunOfNoiseCountsOnceHoweverLong() {
        byte[] noise = new byte[10_000];
        java.util.Arrays.fill(noise, (byte) 'x');
        DecoderRun run = DecoderRun.whole(BadgeFormat.RDM6300,
                Bytes.of(noise, FrameEncoder.encode(BadgeFormat.RDM6300, "62E3086CED")));
        assertEquals(List.of("62E3086CED"), run.badges());
        assertEquals(1, run.droppedFrames());
    }

    @Test
    void resetDropsAFrameInProgress() {
        List<String> badges = new ArrayList<>();
        FrameDecoder decoder = FrameDecoder.forFormat(BadgeFormat.RDM6300);
        byte[] head = Bytes.of(STX, "62E3086");
        byte[] tail = Bytes.of("CED08", ETX);
        decoder.feed(head, 0, head.length, badges::add);
        decoder.reset();
        decoder.feed(tail, 0, tail.length, badges::add);
        assertEquals(List.of(), badges);
        // the cut frame, then the orphaned tail as noise
        assertEquals(2, decoder.droppedFrames());
    }

    @Test
    void resetBetweenFramesDropsNothing() {
        FrameDecoder decoder = FrameDecoder.forFormat(BadgeFormat.ID12);
        byte[] frame = FrameEncoder.encode(BadgeFormat.ID12, "62E3086CED");
        decoder.feed(frame, 0, frame.length, uid -> { });
        decoder.reset();
        assertEquals(0, decoder.droppedFrames());
    }

    /** Good frames with one bad thing after each; every bad thing is one dropped frame. */
    private static Stream catalogue(BadgeFormat format) {
        byte[] trailer = format == BadgeFormat.ID12 ? Bytes.of(CR, LF, ETX) : Bytes.of(ETX);
        Stream s = new Stream();
        s.good(format, "62E3086CED");
        s.bad(Bytes.of("noise!", 0x00, 0xFF, ETX, 0x7F, CR, LF));
        s.good(format, "0a1b2c3d4e");                            // lower case on the wire
        s.bad(Bytes.of(STX, "62E30"));                            // truncated
        s.good(format, "0000000000");
        s.bad(Bytes.of(STX, "62E3086CED09", trailer));            // bad checksum
        s.good(format, "FFFFFFFFFF");
        s.bad(Bytes.of(STX, "62E3086C", trailer));                // too short
        s.good(format, "62E3086CED");
        s.bad(Bytes.of(STX, "62E3086CED0808", trailer));          // too long
        s.good(format, "1234567890");
        s.bad(Bytes.of(STX, "62E3", "G", "086CED08", trailer));   // stray byte
        s.good(format, "ABCDEF0123");
        s.bad(Bytes.of(STX, "62E3086CED08"));                     // missing end
        s.good(format, "62E3086CED");
        s.bad(Bytes.of(STX, "62E3086CED", 0x00, "08", trailer));  // stray control byte
        s.good(format, "62e3086ced");
        s.bad(Bytes.of(STX, "62E3086CED08", 0x80, trailer));      // stray byte before the end
        s.good(format, "62E3086CED");
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = BadgeFormat.class, names = {"RDM6300", "ID12"})
    void everyTwoWaySplitGivesTheSameReads(BadgeFormat format) {
        Stream s = catalogue(format);
        byte[] bytes = s.bytes();
        for (int cut = 0; cut <= bytes.length; cut++) {
            DecoderRun run = DecoderRun.cutAt(format, bytes, cut);
            assertEquals(s.expectedBadges, run.badges(), "split at " + cut);
            assertEquals(s.expectedDrops, run.droppedFrames(), "split at " + cut);
        }
    }

    @ParameterizedTest
    @EnumSource(value = BadgeFormat.class, names = {"RDM6300", "ID12"})
    void byteAtATimeGivesTheSameReads(BadgeFormat format) {
        Stream s = catalogue(format);
        DecoderRun run = DecoderRun.byteAtATime(format, s.bytes());
        assertEquals(s.expectedBadges, run.badges());
        assertEquals(s.expectedDrops, run.droppedFrames());
        assertEquals(DecoderRun.whole(format, s.bytes()), run);
    }

    @ParameterizedTest
    @EnumSource(value = BadgeFormat.class, names = {"RDM6300", "ID12"})
    void corruptedFramesNeverBecomeReads(BadgeFormat format) {
        Random random = new Random(0x5EED_0F_BAD6E5L);
        for (int round = 0; round < 20; round++) {
            Stream s = new Stream();
            for (int i = 0; i < 200; i++) {
                if (random.nextBoolean()) {
                    s.bad(corrupt(format, random));
                }
                int goodFrames = 1 + random.nextInt(3);
                for (int g = 0; g < goodFrames; g++) {
                    s.good(format, randomUid(random));
                }
            }
            byte[] bytes = s.bytes();
            DecoderRun run = DecoderRun.cutAt(format, bytes, randomCuts(random, bytes.length));
            assertEquals(s.expectedBadges, run.badges(), "round " + round);
            assertEquals(s.expectedDrops, run.droppedFrames(), "round " + round);
        }
    }

    private static byte[] corrupt(BadgeFormat format, Random random) {
        byte[] frame = FrameEncoder.encode(format, randomUid(random));
        int digitsEnd = 1 + FrameBytes.UID_DIGITS + FrameBytes.CHECKSUM_DIGITS;
        switch (random.nextInt(6)) {
            case 0 -> { // one digit changed: the checksum can no longer match
                int at = 1 + random.nextInt(digitsEnd - 1);
                int old = FrameBytes.hexValue(frame[at]);
                frame[at] = (byte) FrameBytes.upperHexDigit((old + 1 + random.nextInt(15)) % 16);
                return frame;
            }
            case 1 -> { // cut short anywhere after the STX
                return java.util.Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1));
            }
            case 2 -> { // a digit missing
                return remove(frame, 1 + random.nextInt(digitsEnd - 1));
            }
            case 3 -> { // an extra digit
                return insert(frame, 1 + random.nextInt(digitsEnd - 1),
                        "0123456789abcdef".charAt(random.nextInt(16)));
            }
            case 4 -> { // a stray byte anywhere inside the frame
                int stray;
                do {
                    stray = random.nextInt(256);
                } while (stray == STX);
                return insert(frame, 1 + random.nextInt(frame.length - 1), stray);
            }
            default -> { // line noise
                byte[] noise = new byte[1 + random.nextInt(30)];
                for (int i = 0; i < noise.length; i++) {
                    do {
                        noise[i] = (byte) random.nextInt(256);
                    } while (noise[i] == STX);
                }
                return noise;
            }
        }
    }

    private static String randomUid(Random random) {
        StringBuilder uid = new StringBuilder();
        for (int i = 0; i < FrameBytes.UID_DIGITS; i++) {
            char digit = FrameBytes.upperHexDigit(random.nextInt(16));
            uid.append(random.nextBoolean() ? digit : Character.toLowerCase(digit));
        }
        return uid.toString();
    }

    private static int[] randomCuts(Random random, int length) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        while (true) {
            at += 1 + random.nextInt(40);
            if (at >= length) {
                break;
            }
            cuts.add(at);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] remove(byte[] frame, int at) {
        byte[] out = new byte[frame.length - 1];
        System.arraycopy(frame, 0, out, 0, at);
        System.arraycopy(frame, at + 1, out, at, frame.length - at - 1);
        return out;
    }

    private static byte[] insert(byte[] frame, int at, int b) {
        byte[] out = new byte[frame.length + 1];
        System.arraycopy(frame, 0, out, 0, at);
        out[at] = (byte) b;
        System.arraycopy(frame, at, out, at + 1, frame.length - at);
        return out;
    }

    /** A byte stream under construction, with the reads and drops it should produce. */
    static final class Stream {
        final List<String> expectedBadges = new ArrayList<>();
        long expectedDrops;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void good(BadgeFormat format, String uid) {
            byte[] frame = FrameEncoder.encode(format, uid);
            if (!uid.equals(uid.toUpperCase())) {
                // FrameEncoder writes upper case; put the reader's lower case back on the wire.
                frame = new String(frame, java.nio.charset.StandardCharsets.US_ASCII)
                        .replace(uid.toUpperCase(), uid).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            out.writeBytes(frame);
            expectedBadges.add(uid.toUpperCase());
        }

        void bad(byte[] bytes) {
            out.writeBytes(bytes);
            expectedDrops++;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
