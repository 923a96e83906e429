package org.accessctl.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks a subscriber's copy of the {@code events} topic: one published event per line, as
 * {@code mosquitto_sub} saves them. Blank lines are ignored. Because delivery is at least
 * once, an exact repeat of a recent event is skipped and counted; the same seq with other
 * content is a break. The copy may begin at any seq (the subscriber joined late).
 */
public final class PublishedEventFile {

    private PublishedEventFile() {
    }

    /**
     * @throws ChainBreak at the first event, line or repeat that does not fit the chain
     * @throws UnreadableLogException when the file cannot be opened or read
     */
    public static VerifiedLog verify(Path file) throws ChainBreak, UnreadableLogException {
        try (InputStream in = Files.newInputStream(file)) {
            return verify(new EventFileLines(in));
        } catch (NoSuchFileException e) {
            throw new UnreadableLogException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UnreadableLogException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static VerifiedLog verify(EventFileLines lines) throws IOException, ChainBreak {
        PublishedCopy copy = new PublishedCopy();
        while (true) {
            EventFileLines.Line line;
            try {
                line = lines.next();
            } catch (ChainBreak e) {
                throw e.onLine(lines.lineNumber(), copy.lastSeq());
            }
            if (line == null) {
                break;
            }
            if (line.text().isBlank()) {
                continue;
            }
            try {
                copy.accept(LoggedEvent.read(line.text()), line.number());
            } catch (ChainBreak e) {
                throw e.onLine(line.number(), copy.lastSeq());
            }
        }
        return copy.result();
    }
}
