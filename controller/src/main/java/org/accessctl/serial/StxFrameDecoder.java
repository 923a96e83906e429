package org.accessctl.serial;

import static org.accessctl.serial.FrameBytes.CHECKSUM_DIGITS;
import static org.accessctl.serial.FrameBytes.CR;
import static org.accessctl.serial.FrameBytes.ETX;
import static org.accessctl.serial.FrameBytes.LF;
import static org.accessctl.serial.FrameBytes.STX;
import static org.accessctl.serial.FrameBytes.UID_DIGITS;

import java.util.function.Consumer;

/**
 * Decodes the STX-framed formats: {@code 0x02}, ten hex digits of badge number, two hex digits
 * of XOR checksum, then a trailer that ends the frame. The {@code rdm6300} and {@code id12}
 * formats differ only in that trailer, so one decoder serves both.
 *
 * <p>An STX always starts a new frame, whatever came before it: that is how the decoder
 * resynchronises after noise or a frame cut short.
 */
final class StxFrameDecoder implements FrameDecoder {

    private static final int DIGITS = UID_DIGITS + CHECKSUM_DIGITS;

    private enum State { BETWEEN_FRAMES, IN_NOISE, IN_FRAME }

    private final int[] trailer;
    private final Consumer<DropReason> onDropped;
    private final int[] nibbles = new int[DIGITS];

    private State state = State.BETWEEN_FRAMES;
    private int digits;
    private int trailerMatched;
    // Written only by the feeding thread; volatile so health reporting may read it elsewhere.
    private volatile long dropped;

    private StxFrameDecoder(int[] trailer, Consumer<DropReason> onDropped) {
        this.trailer = trailer;
        this.onDropped = onDropped;
    }

    static StxFrameDecoder rdm6300(Consumer<DropReason> onDropped) {
        return new StxFrameDecoder(new int[] {ETX}, onDropped);
    }

    static StxFrameDecoder id12(Consumer<DropReason> onDropped) {
        return new StxFrameDecoder(new int[] {CR, LF, ETX}, onDropped);
    }

    @Override
    public void feed(byte[] buf, int off, int len, Consumer<String> onBadge) {
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xFF;
            if (b == STX) {
                if (state == State.IN_FRAME) {
                    drop(DropReason.MISSING_END);
                }
                state = State.IN_FRAME;
                digits = 0;
                trailerMatched = 0;
            } else if (state == State.IN_FRAME) {
                frameByte(b, onBadge);
            } else if (state == State.BETWEEN_FRAMES) {
                // Counted once per run: a long burst of line noise is one event, not hundreds.
                drop(DropReason.NOISE);
                state = State.IN_NOISE;
            }
        }
    }

    private void frameByte(int b, Consumer<String> onBadge) {
        if (digits < DIGITS) {
            int value = FrameBytes.hexValue(b);
            if (value >= 0) {
                nibbles[digits++] = value;
            } else {
                // The frame's end arriving early means digits are missing.
                abandon(b == ETX || b == trailer[0] ? DropReason.WRONG_LENGTH : DropReason.STRAY_BYTE);
            }
        } else if (b == trailer[trailerMatched]) {
            trailerMatched++;
            if (trailerMatched == trailer.length) {
                state = State.BETWEEN_FRAMES;
                finish(onBadge);
            }
        } else {
            // A digit where the end belongs means too many; an early ETX means a short trailer.
            boolean lengthWrong = FrameBytes.hexValue(b) >= 0 || b == ETX;
            abandon(lengthWrong ? DropReason.WRONG_LENGTH : DropReason.STRAY_BYTE);
        }
    }

    /** Drops the current frame; whatever follows up to the next STX belongs to it. */
    private void abandon(DropReason reason) {
        drop(reason);
        state = State.IN_NOISE;
    }

    private void finish(Consumer<String> onBadge) {
        int expected = FrameBytes.xorOfBytes(nibbles, UID_DIGITS / 2);
        int received = (nibbles[UID_DIGITS] << 4) | nibbles[UID_DIGITS + 1];
        if (expected != received) {
            drop(DropReason.BAD_CHECKSUM);
            return;
        }
        char[] uid = new char[UID_DIGITS];
        for (int i = 0; i < UID_DIGITS; i++) {
            uid[i] = FrameBytes.upperHexDigit(nibbles[i]);
        }
        onBadge.accept(new String(uid));
    }

    private void drop(DropReason reason) {
        dropped++;
        onDropped.accept(reason);
    }

    @Override
    public long droppedFrames() {
        return dropped;
    }

    @Override
    public void reset() {
        if (state == State.IN_FRAME) {
            drop(DropReason.MISSING_END);
        }
        state = State.BETWEEN_FRAMES;
    }
}
