package org.accessctl.serial;

import static org.accessctl.serial.FrameBytes.CR;
import static org.accessctl.serial.FrameBytes.LF;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Decodes the {@code line} format of USB readers in serial mode: printable ASCII ended by CR, LF
 * or both. CR LF leaves an empty line between the two, which is ignored rather than counted.
 *
 * <p>The line buffer has a fixed size, so a reader (or an attacker) that never sends an end of
 * line costs nothing but the one dropped line.
 */
final class LineDecoder implements FrameDecoder {

    /** Longer than any badge number a USB reader sends, short enough to bound the buffer. */
    static final int MAX_LINE_LENGTH = 64;

    private final Consumer<DropReason> onDropped;
    private final byte[] line = new byte[MAX_LINE_LENGTH];

    private int length;
    private boolean nonPrintable;
    private boolean tooLong;
    // Written only by the feeding thread; volatile so health reporting may read it elsewhere.
    private volatile long dropped;

    LineDecoder(Consumer<DropReason> onDropped) {
        this.onDropped = onDropped;
    }

    @Override
    public void feed(byte[] buf, int off, int len, Consumer<String> onBadge) {
        for (int i = off; i < off + len; i++) {
            int b = buf[i] & 0xFF;
            if (b == CR || b == LF) {
                endOfLine(onBadge);
            } else if (nonPrintable || tooLong) {
                continue; // the line is already condemned; skip to its end
            } else if (!FrameBytes.isPrintable(b)) {
                nonPrintable = true;
            } else if (length == line.length) {
                tooLong = true;
            } else {
                line[length++] = (byte) b;
            }
        }
    }

    private void endOfLine(Consumer<String> onBadge) {
        if (nonPrintable) {
            drop(DropReason.NON_PRINTABLE);
        } else if (tooLong) {
            drop(DropReason.TOO_LONG);
        } else {
            String uid = new String(line, 0, length, StandardCharsets.US_ASCII).trim();
            if (!uid.isEmpty()) {
                clear();
                onBadge.accept(uid.toUpperCase(Locale.ROOT));
                return;
            }
        }
        clear();
    }

    private void clear() {
        length = 0;
        nonPrintable = false;
        tooLong = false;
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
        if (length > 0 || nonPrintable || tooLong) {
            drop(DropReason.MISSING_END);
        }
        clear();
    }
}
