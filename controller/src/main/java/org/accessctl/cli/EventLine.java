package org.accessctl.cli;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.accessctl.words.EventWords;
import org.accessctl.words.Names;

/**
 * One event as {@code watch} prints it: time, door, type, and what happened to whom and why,
 * green or red on a terminal (granted, refused, alarm), plain where the output is a pipe or file.
 */
final class EventLine {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String GREEN = "\u001b[32m";
    static final String RED = "\u001b[1;31m";
    static final String RESET = "\u001b[0m";

    private EventLine() {
    }

    static String format(Map<String, Object> event, Names names, boolean colour) {
        String line = time(String.valueOf(event.get("at"))) + "  " + event.get("door") + "  "
                + String.format("%-16s", event.get("type")) + "  " + EventWords.describe(event, names);
        if (!colour) {
            return line;
        }
        return switch (EventWords.tone(event)) {
            case GOOD -> GREEN + line + RESET;
            case BAD -> RED + line + RESET;
            case PLAIN -> line;
        };
    }

    private static String time(String iso) {
        try {
            return OffsetDateTime.parse(iso).format(TIME);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
