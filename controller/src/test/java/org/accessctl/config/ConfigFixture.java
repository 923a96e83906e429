package org.accessctl.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Writes real configuration files for the tests, starting from a minimal valid one. */
final class ConfigFixture {

    static final String BROKER = "tcp://broker.example:1883";

    private final Path dir;
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final Properties systemProperties = new Properties();

    private ConfigFixture(Path dir) {
        this.dir = dir;
    }

    /** A file with no keys at all. */
    static ConfigFixture empty(Path dir) {
        return new ConfigFixture(dir);
    }

    /** The smallest file the daemon accepts. */
    static ConfigFixture daemon(Path dir) {
        return new ConfigFixture(dir).with("mqtt.url", BROKER);
    }

    ConfigFixture with(String key, String value) {
        entries.put(key, value);
        return this;
    }

    ConfigFixture without(String key) {
        entries.remove(key);
        return this;
    }

    ConfigFixture override(String key, String value) {
        systemProperties.setProperty(key, value);
        return this;
    }

    Properties systemProperties() {
        return systemProperties;
    }

    /** Writes the file; values are escaped the way Properties.store would, so any text survives. */
    Path write() {
        StringBuilder text = new StringBuilder("# written by a test\n");
        entries.forEach((key, value) -> text.append(key).append(" = ").append(escape(value)).append('\n'));
        return writeRaw(text.toString());
    }

    Path writeRaw(String text) {
        try {
            Path file = Files.createTempFile(dir, "door", ".properties");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ControllerConfig load(Profile profile) throws ConfigException {
        return ConfigLoader.load(write(), systemProperties, profile);
    }

    /** Loads and returns the refusal; fails the test when the configuration is accepted. */
    ConfigException refuse(Profile profile) {
        try {
            ControllerConfig config = load(profile);
            throw new AssertionError("configuration accepted: " + ConfigPrinter.lines(config));
        } catch (ConfigException e) {
            return e;
        }
    }

    static Path file(Path dir, String name, String contents) {
        try {
            return Files.writeString(dir.resolve(name), contents, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case '\t' -> escaped.append("\\t");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\f' -> escaped.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        // Properties drops leading white space of a value unless it is escaped.
        if (!escaped.isEmpty() && escaped.charAt(0) == ' ') {
            escaped.insert(0, '\\');
        }
        return escaped.toString();
    }
}
