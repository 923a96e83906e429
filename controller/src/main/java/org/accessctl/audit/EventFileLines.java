package org.accessctl.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a file of saved events one line at a time, numbering the lines as an editor does.
 * A line ends at LF; a CR before it is dropped, so files that passed through Windows tools
 * still verify. Lines are bounded, so a wrong file (an image, a database) given by mistake
 * cannot exhaust memory, and decoded strictly, so a byte changed by hand is not silently
 * replaced.
 */
final class EventFileLines {

    /** One line without its ending, numbered from 1. */
    record Line(long number, String text) {
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long number;
    private byte[] line = new byte[1024];

    EventFileLines(InputStream in) {
        this.in = in;
    }

    /**
     * The next line, or null at the end of the file.
     *
     * @throws ChainBreak for a line that is too long to be an event or is not UTF-8
     * @throws IOException when the file cannot be read
     */
    Line next() throws IOException, ChainBreak {
        int length = 0;
        boolean sawAnything = false;
        boolean tooLong = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!sawAnything) {
                        return null;
                    }
                    break;
                }
            }
            sawAnything = true;
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (length == LoggedEvent.MAX_EVENT_LENGTH) {
                tooLong = true;
                continue;
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(line.length * 2, LoggedEvent.MAX_EVENT_LENGTH));
            }
            line[length++] = b;
        }
        number++;
        if (tooLong) {
            throw ChainBreak.unreadable("line is longer than " + LoggedEvent.MAX_EVENT_LENGTH
                    + " bytes, not an event");
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        try {
            return new Line(number, StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(line, 0, length)).toString());
        } catch (CharacterCodingException e) {
            throw ChainBreak.unreadable("not UTF-8 text");
        }
    }

    /** The number of the line last returned or refused. */
    long lineNumber() {
        return number;
    }
}
