package org.accessctl.serial;

import static org.accessctl.serial.Bytes.CR;
import static org.accessctl.serial.Bytes.ETX;
import static org.accessctl.serial.Bytes.LF;
import static org.accessctl.serial.Bytes.STX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    @Test
    void crLfEndsALineAndTheEmptyLineBetweenThemIsNotABadFrame() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.LINE, Bytes.of("04a1b2c3", CR, LF));
        assertEquals(List.of("04A1B2C3"), run.badges());
        assertEquals(0, run.droppedFrames());
    }

    @Test
    void crAloneLfAloneAndBlankLinesAllWork() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.LINE,
                Bytes.of("one", CR, "two", LF, CR, LF, CR, "   ", LF, "  three \t", LF));
        // the tab makes the last line non-printable
        assertEquals(List.of("ONE", "TWO"), run.badges());
        assertEquals(List.of(DropReason.NON_PRINTABLE), run.drops());
    }

    @Test
    void surroundingSpacesAreTrimmed() {
        DecoderRun run = DecoderRun.whole(BadgeFormat.LINE, Bytes.of("  12 ab  ", CR, LF));
        assertEquals(List.of("12 AB"), run.badges());
    }

    @Test
    void aLineOfExactlyTheMaximumLengthIsAccepted() {
        String longest = "9".repeat(LineDecoder.MAX_LINE_LENGTH);
        DecoderRun run = DecoderRun.whole(BadgeFormat.LINE, Bytes.of(longest, LF));
        assertEquals(List.of(longest), run.badges());
    }

    @Test
    void aLongerLineIsDropped() {
        String tooLong = "9".repeat(LineDecoder.MAX_LINE_LENGTH + 1);
        DecoderRun run = DecoderRun.whole(BadgeFormat.LINE, Bytes.of(tooLong, LF, "OK", LF));
        assertEquals(List.of("OK"), run.badges());
        assertEquals(List.of(DropReason.TOO_LONG), run.drops());
    }

    @Test
    void endlessInputWithoutALineEndIsOneDroppedLine() {
        byte[] flood = new byte[4 << 20];
        Arrays.fill(flood, (byte) 'A');
        List<String> badges = new java.util.ArrayList<>();
        FrameDecoder decoder = FrameDecoder.forFormat(BadgeFormat.LINE);
        for (int i = 0; i < 8; i++) {
            decoder.feed(flood, 0, flood.length, badges::add);
        }
        byte[] end = Bytes.of(LF, "OK", LF);
        decoder.feed(end, 0, end.length, badges::add);
        assertEquals(List.of("OK"), badges);
        assertEquals(1, decoder.droppedFrames());
    }

    @Test
    void controlAndNonAsciiBytesDropTheLine() {
        assertEquals(List.of(DropReason.NON_PRINTABLE),
                DecoderRun.whole(BadgeFormat.LINE, Bytes.of("AB", 0x00, "CD", LF)).drops());
        assertEquals(List.of(DropReason.NON_PRINTABLE),
                DecoderRun.whole(BadgeFormat.LINE, Bytes.of("caf", 0xC3, 0xA9, LF)).drops());
        assertEquals(List.of(DropReason.NON_PRINTABLE),
                DecoderRun.whole(BadgeFormat.LINE, Bytes.of(STX, "62E3086CED08", ETX, CR, LF)).drops());
    }

    @Test
    void resetDropsAPartialLine() {
        FrameDecoder decoder = FrameDecoder.forFormat(BadgeFormat.LINE);
        List<String> badges = new java.util.ArrayList<>();
        byte[] head = Bytes.of("04A1");
        byte[] tail = Bytes.of("B2C3", CR, LF);
        decoder.feed(head, 0, head.length, badges::add);
        decoder.reset();
        decoder.reset();
        decoder.feed(tail, 0, tail.length, badges::add);
        assertEquals(List.of("B2C3"), badges);
        assertEquals(1, decoder.droppedFrames());
    }

    private static StxFrameDecoderTest.Stream catalogue() {
        StxFrameDecoderTest.Stream s = new StxFrameDecoderTest.Stream();
        s.good(BadgeFormat.LINE, "04A1B2C3");
        s.bad(Bytes.of("bad", 0x07, "bell", CR, LF));
        s.good(BadgeFormat.LINE, "0123456789");
        s.bad(Bytes.of("X".repeat(100), LF));
        s.good(BadgeFormat.LINE, "ABCDEF");
        s.bad(Bytes.of(0xFF, CR));
        s.good(BadgeFormat.LINE, "1");
        return s;
    }

    @Test
    void everyTwoWaySplitGivesTheSameReads() {
        StxFrameDecoderTest.Stream s = catalogue();
        byte[] bytes = Bytes.of(s.bytes(), CR, LF, LF, "  ", CR);
        for (int cut = 0; cut <= bytes.length; cut++) {
            DecoderRun run = DecoderRun.cutAt(BadgeFormat.LINE, bytes, cut);
            assertEquals(s.expectedBadges, run.badges(), "split at " + cut);
            assertEquals(s.expectedDrops, run.droppedFrames(), "split at " + cut);
        }
        assertEquals(DecoderRun.whole(BadgeFormat.LINE, bytes),
                DecoderRun.byteAtATime(BadgeFormat.LINE, bytes));
    }

    @Test
    void corruptedLinesNeverBecomeReads() {
        Random random = new Random(0x11E5L);
        StxFrameDecoderTest.Stream s = new StxFrameDecoderTest.Stream();
        for (int i = 0; i < 2000; i++) {
            String uid = randomPrintable(random, 1 + random.nextInt(20));
            if (random.nextInt(3) == 0) {
                byte[] line = Bytes.of(uid, CR, LF);
                if (random.nextBoolean()) {
                    int bad;
                    do {
                        bad = random.nextInt(256);
                    } while (FrameBytes.isPrintable(bad) || bad == CR || bad == LF);
                    line[random.nextInt(uid.length() + 1)] = (byte) bad;
                    // the overwritten position may have been the CR; LF still ends the line
                } else {
                    line = Bytes.of(uid, randomPrintable(random, LineDecoder.MAX_LINE_LENGTH), LF);
                }
                s.bad(line);
            } else {
                s.good(BadgeFormat.LINE, uid.toUpperCase());
            }
        }
        byte[] bytes = s.bytes();
        DecoderRun run = DecoderRun.cutAt(BadgeFormat.LINE, bytes, 7, 100, 101, 5000, bytes.length - 1);
        assertEquals(s.expectedBadges, run.badges());
        assertEquals(s.expectedDrops, run.droppedFrames());
    }

    private static String randomPrintable(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append((char) (0x21 + random.nextInt(0x7E - 0x21 + 1)));
        }
        return text.toString();
    }
}
