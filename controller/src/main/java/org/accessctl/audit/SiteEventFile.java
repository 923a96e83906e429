package org.accessctl.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A site's collected events: one published event per line, from any number of doors, as one
 * subscriber on {@code P/S/doors/+/events} saves them. Each door's events are checked as a copy
 * of their own ({@link PublishedCopy}): a door's chain does not run through another's. A door
 * whose chain breaks is reported with its break; the others still count.
 */
public final class SiteEventFile {

    /** One door's verdict: its checked copy up to here, and its first break if it broke. */
    public record DoorCopy(String door, VerifiedLog log, Optional<ChainBreak> broken) {
    }

    /** What the file held: per door (site/door, in order of first appearance), and lines that are no event at all. */
    public record Result(Map<String, DoorCopy> doors, Optional<ChainBreak> unreadableLine) {
    }

    private SiteEventFile() {
    }

    /**
     * Reads the file, handing each door's new events (repeats skipped) to {@code each}, also
     * after that door's chain broke (the caller is told it broke).
     *
     * @throws UnreadableLogException when the file cannot be opened or read
     */
    public static Result read(Path file, Consumer<LoggedEvent> each) throws UnreadableLogException {
        Map<String, PublishedCopy> copies = new LinkedHashMap<>();
        Map<String, ChainBreak> breaks = new LinkedHashMap<>();
        ChainBreak unreadable = null;
        try (InputStream in = Files.newInputStream(file)) {
            EventFileLines lines = new EventFileLines(in);
            while (true) {
                EventFileLines.Line line;
                try {
                    line = lines.next();
                } catch (ChainBreak e) {
                    // A line too long to be an event: what follows cannot be trusted to be lines.
                    unreadable = unreadable != null ? unreadable : e.onLine(lines.lineNumber(), 0);
                    break;
                }
                if (line == null) {
                    break;
                }
                if (line.text().isBlank()) {
                    continue;
                }
                LoggedEvent event;
                try {
                    event = LoggedEvent.read(line.text());
                } catch (ChainBreak e) {
                    unreadable = unreadable != null ? unreadable : e.onLine(line.number(), 0);
                    continue;
                }
                String door = event.doorName();
                PublishedCopy copy = copies.computeIfAbsent(door, d -> new PublishedCopy());
                if (breaks.containsKey(door)) {
                    each.accept(event);
                    continue;
                }
                try {
                    if (copy.accept(event, line.number())) {
                        each.accept(event);
                    }
                } catch (ChainBreak e) {
                    breaks.put(door, e.onLine(line.number(), copy.lastSeq()));
                    each.accept(event);
                }
            }
        } catch (NoSuchFileException e) {
            throw new UnreadableLogException("no such file: " + file, e);
        } catch (IOException e) {
            throw new UnreadableLogException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, DoorCopy> doors = new LinkedHashMap<>();
        copies.forEach((door, copy) -> doors.put(door, new DoorCopy(door, copy.result(),
                Optional.ofNullable(breaks.get(door)))));
        return new Result(doors, Optional.ofNullable(unreadable));
    }
}
