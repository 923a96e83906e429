package org.accessctl.serial;

import java.util.ArrayList;
import java.util.List;

/** What a fresh decoder made of a byte stream, delivered in chunks that end at given offsets. */
record DecoderRun(List<String> badges, List<DropReason> drops, long droppedFrames) {

    static DecoderRun whole(BadgeFormat format, byte[] stream) {
        return cutAt(format, stream);
    }

    static DecoderRun cutAt(BadgeFormat format, byte[] stream, int... cuts) {
        List<String> badges = new ArrayList<>();
        List<DropReason> drops = new ArrayList<>();
        FrameDecoder decoder = FrameDecoder.forFormat(format, drops::add);
        int start = 0;
        for (int cut : cuts) {
            decoder.feed(stream, start, cut - start, badges::add);
            start = cut;
        }
        decoder.feed(stream, start, stream.length - start, badges::add);
        return new DecoderRun(badges, drops, decoder.droppedFrames());
    }

    static DecoderRun byteAtATime(BadgeFormat format, byte[] stream) {
        List<String> badges = new ArrayList<>();
        List<DropReason> drops = new ArrayList<>();
        FrameDecoder decoder = FrameDecoder.forFormat(format, drops::add);
        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, badges::add);
        }
        return new DecoderRun(badges, drops, decoder.droppedFrames());
    }
}
