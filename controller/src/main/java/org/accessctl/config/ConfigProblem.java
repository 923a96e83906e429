package org.accessctl.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One thing wrong with the configuration, worded for the person who edits the file:
 * {@code timing.strikeSeconds = "abc": expected a whole number of seconds from 1 to 60}.
 *
 * @param key the key concerned, or null when the file itself could not be read
 * @param value the value as it may be shown (secrets already masked), or null when the key is not set
 * @param source where the value came from; {@code -D} overrides and defaults are marked, so that
 *               nobody searches the file for a value that is not in it
 * @param reason what is wrong beyond "not what was expected", or null
 * @param expected what the key accepts, or null when there is no such thing (an unknown key)
 */
public record ConfigProblem(String key, String value, Source source, String reason, String expected) {

    /** The configuration file is missing or unreadable; nothing else can be checked. */
    static ConfigProblem aboutFile(Path file, String reason) {
        return new ConfigProblem(null, file.toString(), Source.FILE, reason, null);
    }

    /** A value its setting refuses, or a value that conflicts with another key. */
    static ConfigProblem badValue(Setting<?> setting, String text, Source source, String reason) {
        return new ConfigProblem(setting.key(), text == null ? null : setting.display(text), source, reason,
                setting.expected());
    }

    /** One line, naming the key, the value and what is expected. */
    public String message() {
        if (key == null) {
            return "configuration file " + value + ": " + reason;
        }
        StringBuilder line = new StringBuilder();
        if (source == Source.SYSTEM_PROPERTY) {
            line.append("-D");
        }
        line.append(key);
        line.append(value == null ? " is not set" : " = \"" + value + "\"");
        if (value != null && source == Source.DEFAULT) {
            // A default can clash with another key; say so, or the user searches the file for it.
            line.append(" (default)");
        }
        List<String> details = new ArrayList<>(2);
        if (reason != null) {
            details.add(reason);
        }
        if (expected != null) {
            details.add("expected " + expected);
        }
        return line.append(": ").append(String.join("; ", details)).toString();
    }
}
