package org.accessctl.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the configuration once, at start, and refuses it whole if anything is wrong.
 *
 * <p>Each key's value is the first of: a JVM system property of the same name ({@code -Dkey=value}),
 * the file, the program's default. Values are trimmed; an empty value for a key without a default
 * means unset, so {@code -Dreader.exit.port=} switches off an exit reader the file configures.
 *
 * <p>Unknown keys are errors, in the file and as system properties. The JVM carries many system
 * properties of its own, so only names under one of our first levels ({@code mqtt.}, {@code gpio.},
 * ...) are looked at: there, a misspelt override would otherwise be ignored without a word.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a configuration file with system property overrides.
     *
     * @param systemProperties usually {@link System#getProperties()}; tests pass their own
     * @throws ConfigException listing every problem found; its message is about the first
     */
    public static ControllerConfig load(Path file, Properties systemProperties, Profile profile)
            throws ConfigException {
        return resolve(ConfigFile.read(file), systemProperties, profile);
    }

    /**
     * Loads defaults and system property overrides only, for a program started without a file:
     * the simulator runs out of the box this way. The daemon still needs {@code -Dmqtt.url}.
     */
    public static ControllerConfig loadWithoutFile(Properties systemProperties, Profile profile)
            throws ConfigException {
        return resolve(ConfigFile.NONE, systemProperties, profile);
    }

    private static ControllerConfig resolve(ConfigFile file, Properties systemProperties, Profile profile)
            throws ConfigException {
        Map<String, String> overrides = ourSystemProperties(systemProperties);
        List<ConfigProblem> problems = new ArrayList<>(file.duplicates());
        file.values().forEach((key, text) -> unknownKey(key, text, Source.FILE, profile).ifPresent(problems::add));
        overrides.forEach((key, text) -> unknownKey(key, text, Source.SYSTEM_PROPERTY, profile)
                .ifPresent(problems::add));

        Map<Setting<?>, EffectiveValue<?>> values = new LinkedHashMap<>();
        for (Setting<?> setting : ConfigSchema.ALL) {
            if (setting.isReadBy(profile)) {
                resolveOne(setting, file.values(), overrides, profile, values, problems);
            }
        }
        problems.addAll(CrossChecks.check(values, profile));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ControllerConfig(profile, values);
    }

    private static <T> void resolveOne(Setting<T> setting, Map<String, String> fileValues,
                                       Map<String, String> overrides, Profile profile,
                                       Map<Setting<?>, EffectiveValue<?>> values, List<ConfigProblem> problems) {
        String text;
        Source source;
        if (overrides.containsKey(setting.key())) {
            text = overrides.get(setting.key());
            source = Source.SYSTEM_PROPERTY;
        } else if (fileValues.containsKey(setting.key())) {
            text = fileValues.get(setting.key());
            source = Source.FILE;
        } else {
            text = setting.defaultText(profile);
            source = Source.DEFAULT;
        }
        text = text == null ? null : text.strip();

        if (text == null || text.isEmpty()) {
            if (setting.isRequiredBy(profile)) {
                problems.add(ConfigProblem.badValue(setting, text, source, "required by " + profile.programName()));
            } else if (setting.defaultText(profile) == null) {
                values.put(setting, new EffectiveValue<>(setting, null, null, source));
            } else {
                // Emptying a key that has a default is more likely a half-finished edit than a wish for the default.
                problems.add(ConfigProblem.badValue(setting, text, source, null));
            }
            return;
        }
        try {
            values.put(setting, new EffectiveValue<>(setting, text, setting.type().parse(text), source));
        } catch (InvalidValue e) {
            problems.add(ConfigProblem.badValue(setting, text, source, e.reason()));
        }
    }

    /** The system properties that are ours or look like ours, sorted by name. */
    private static Map<String, String> ourSystemProperties(Properties systemProperties) {
        Map<String, String> ours = new TreeMap<>();
        for (String name : systemProperties.stringPropertyNames()) {
            if (ConfigSchema.looksLikeOurs(name)) {
                ours.put(name, systemProperties.getProperty(name));
            }
        }
        return ours;
    }

    private static Optional<ConfigProblem> unknownKey(String key, String text, Source source,
                                                                Profile profile) {
        var setting = ConfigSchema.find(key);
        if (setting.isPresent() && setting.get().isReadBy(profile)) {
            return Optional.empty();
        }
        String reason;
        if (setting.isPresent()) {
            Profile other = profile == Profile.DAEMON ? Profile.SIMULATOR : Profile.DAEMON;
            reason = "unknown key: read by " + other.programName() + " only";
        } else {
            reason = ConfigSchema.closestKey(key, profile)
                    .map(closest -> "unknown key; did you mean " + closest + "?")
                    .orElse("unknown key");
        }
        return Optional.of(
                new ConfigProblem(key, ConfigSchema.display(key, text.strip()), source, reason, null));
    }
}
