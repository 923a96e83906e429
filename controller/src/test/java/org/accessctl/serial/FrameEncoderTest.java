package org.accessctl.serial;

import static org.accessctl.serial.Bytes.CR;
import static org.accessctl.serial.Bytes.ETX;
import static org.accessctl.serial.Bytes.LF;
import static org.accessctl.serial.Bytes.STX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameEncoderTest {

    @Test
    void datasheetChecksumIsTheXorOfTheFiveBytes() {
        assertEquals(0x08, 0x62 ^ 0xE3 ^ 0x08 ^ 0x6C ^ 0xED);
    }

    @Test
    void rdm6300FrameMatchesTheDatasheetExample() {
        assertArrayEquals(Bytes.of(STX, "62E3086CED08", ETX),
                FrameEncoder.encode(BadgeFormat.RDM6300, "62E3086CED"));
    }

    @Test
    void id12FrameEndsWithCrLfBeforeEtx() {
        assertArrayEquals(Bytes.of(STX, "62E3086CED08", CR, LF, ETX),
                FrameEncoder.encode(BadgeFormat.ID12, "62E3086CED"));
    }

    @Test
    void checksumDigitsAreUpperCaseAndZeroPadded() {
        // 0x01 ^ 0x02 ^ 0x03 ^ 0x04 ^ 0x0F = 0x0B
        assertArrayEquals(Bytes.of(STX, "010203040F0B", ETX),
                FrameEncoder.encode(BadgeFormat.RDM6300, "010203040f"));
    }

    @Test
    void lineFrameIsTheUpperCaseUidAndCrLf() {
        assertArrayEquals(Bytes.of("04A1B2C3", CR, LF),
                FrameEncoder.encode(BadgeFormat.LINE, "04a1b2c3"));
    }

    @ParameterizedTest
    @EnumSource(BadgeFormat.class)
    void everyEncodedFrameDecodesToItsUid(BadgeFormat format) {
        DecoderRun run = DecoderRun.whole(format, FrameEncoder.encode(format, "00fF1234aB"));
        assertEquals(java.util.List.of("00FF1234AB"), run.badges());
        assertEquals(0, run.droppedFrames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "62E3086CE", "62E3086CED0", "62E3086CEG", "62E3 086CE", "62E3086CE\n"})
    void stxFormatsRejectAnythingButTenHexDigits(String uid) {
        for (BadgeFormat format : new BadgeFormat[] {BadgeFormat.RDM6300, BadgeFormat.ID12}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FrameEncoder.encode(format, uid));
            assertTrue(e.getMessage().contains("badge UID must be"), e.getMessage());
        }
    }

    @Test
    void lengthErrorSaysWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameEncoder.encode(BadgeFormat.RDM6300, "ABC"));
        assertEquals("badge UID must be 10 hex digits, got 3 characters: \"ABC\"", e.getMessage());
    }

    @Test
    void digitErrorNamesTheOffendingCharacter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameEncoder.encode(BadgeFormat.ID12, "62E3086CEX"));
        assertTrue(e.getMessage().contains("'X' at position 9"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "AB\rCD", "AB\nCD", "tab\there", "caf\u00e9"})
    void lineFormatRejectsBlankOrNonPrintableUids(String uid) {
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.encode(BadgeFormat.LINE, uid));
    }

    @Test
    void lineFormatRejectsUidsLongerThanALine() {
        String longest = "A".repeat(LineDecoder.MAX_LINE_LENGTH);
        FrameEncoder.encode(BadgeFormat.LINE, longest);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameEncoder.encode(BadgeFormat.LINE, longest + "A"));
        assertTrue(e.getMessage().contains("at most 64"), e.getMessage());
    }

    @Test
    void nullsAreRejected() {
        assertThrows(NullPointerException.class, () -> FrameEncoder.encode(BadgeFormat.LINE, null));
        assertThrows(NullPointerException.class, () -> FrameEncoder.encode(null, "62E3086CED"));
    }
}
