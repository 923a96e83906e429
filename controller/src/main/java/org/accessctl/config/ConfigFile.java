package org.accessctl.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The keys and values written in a configuration file, before they are checked against the schema. */
final class ConfigFile {

    static final ConfigFile NONE = new ConfigFile(Map.of(), List.of());

    private final Map<String, String> values;
    private final List<ConfigProblem> duplicates;

    private ConfigFile(Map<String, String> values, List<ConfigProblem> duplicates) {
        this.values = values;
        this.duplicates = duplicates;
    }

    /**
     * Reads a properties file as UTF-8, so paths and names need no {@code \\u} escapes.
     *
     * @throws ConfigException when the file is missing or unreadable; nothing else is checked then
     */
    static ConfigFile read(Path file) throws ConfigException {
        if (!Files.exists(file)) {
            throw new ConfigException(ConfigProblem.aboutFile(file, "no such file"));
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException(ConfigProblem.aboutFile(file, "is a directory"));
        }
        RememberingProperties properties = new RememberingProperties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (CharacterCodingException e) {
            throw new ConfigException(ConfigProblem.aboutFile(file, "not UTF-8 text"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(ConfigProblem.aboutFile(file, "not readable by this user"));
        } catch (IOException e) {
            throw new ConfigException(ConfigProblem.aboutFile(file, "cannot be read (" + e.getMessage() + ")"));
        } catch (IllegalArgumentException e) {
            // Properties refuses a backslash-u not followed by four hex digits.
            throw new ConfigException(ConfigProblem.aboutFile(file, "malformed \\uXXXX escape"));
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            values.put(key, properties.getProperty(key));
        }
        return new ConfigFile(Collections.unmodifiableMap(values), List.copyOf(properties.duplicates));
    }

    /** Every key in the file, sorted, with its value as written (surrounding white space and all). */
    Map<String, String> values() {
        return values;
    }

    /** Keys written more than once: a properties file silently keeps the last, hiding an editing slip. */
    List<ConfigProblem> duplicates() {
        return duplicates;
    }

    /** Properties that notice a key being set again while the file is loaded. */
    private static final class RememberingProperties extends Properties {
        private final List<ConfigProblem> duplicates = new ArrayList<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            Object earlier = super.put(key, value);
            if (earlier != null) {
                String name = key.toString();
                duplicates.add(new ConfigProblem(name, ConfigSchema.display(name, value.toString().strip()), Source.FILE,
                        "set more than once in the file (an earlier line says \""
                                + ConfigSchema.display(name, earlier.toString().strip()) + "\")",
                        "each key once"));
            }
            return earlier;
        }
    }
}
