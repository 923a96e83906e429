package org.accessctl.serial;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the byte stream of one badge reader into badge UIDs. Decoders keep state between calls
 * because a serial read may end anywhere inside a frame; one decoder serves one line and is fed
 * from one thread. A malformed frame is dropped and counted, never turned into a read.
 */
public interface FrameDecoder {

    /**
     * Consumes {@code len} bytes from {@code buf} at {@code off}, handing each complete, valid
     * badge UID (upper case) to {@code onBadge} in the order it arrived.
     */
    void feed(byte[] buf, int off, int len, Consumer<String> onBadge);

    /** How many frames this decoder has dropped so far. Safe to call from any thread. */
    long droppedFrames();

    /**
     * Forgets a frame in progress, counting it as dropped. Called when the line is lost, so that
     * the start of a frame from before a reconnect is never glued to bytes from after it.
     */
    void reset();

    static FrameDecoder forFormat(BadgeFormat format) {
        return forFormat(format, reason -> { });
    }

    /** A decoder that also tells {@code onDropped} why each dropped frame was dropped. */
    static FrameDecoder forFormat(BadgeFormat format, Consumer<DropReason> onDropped) {
        Objects.requireNonNull(onDropped, "onDropped");
        return switch (Objects.requireNonNull(format, "format")) {
            case RDM6300 -> StxFrameDecoder.rdm6300(onDropped);
            case ID12 -> StxFrameDecoder.id12(onDropped);
            case LINE -> new LineDecoder(onDropped);
        };
    }
}
