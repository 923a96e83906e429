package org.accessctl.config;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One configuration key: its name, its default for each program (or none), how its value is read,
 * and how carefully the value must be shown. Instances are immutable; the {@code with...} methods
 * return adjusted copies so that the schema reads as one line per key.
 *
 * @param <T> the typed value
 */
final class Setting<T> {

    private final String key;
    private final ValueType<T> type;
    private final Map<Profile, String> defaults;
    private final Set<Profile> requiredBy;
    private final Set<Profile> readBy;
    private final Sensitivity sensitivity;

    private Setting(String key, ValueType<T> type, Map<Profile, String> defaults, Set<Profile> requiredBy,
                    Set<Profile> readBy, Sensitivity sensitivity) {
        this.key = key;
        this.type = type;
        this.defaults = defaults;
        this.requiredBy = requiredBy;
        this.readBy = readBy;
        this.sensitivity = sensitivity;
    }

    /** A key with the same default for both programs. */
    static <T> Setting<T> of(String key, ValueType<T> type, String defaultText) {
        Objects.requireNonNull(defaultText, "defaultText");
        Map<Profile, String> defaults = new EnumMap<>(Profile.class);
        for (Profile profile : Profile.values()) {
            defaults.put(profile, defaultText);
        }
        return new Setting<>(key, type, defaults, EnumSet.noneOf(Profile.class), EnumSet.allOf(Profile.class),
                Sensitivity.PLAIN);
    }

    /** A key with no default: unset unless configured. */
    static <T> Setting<T> optional(String key, ValueType<T> type) {
        return new Setting<>(key, type, new EnumMap<>(Profile.class), EnumSet.noneOf(Profile.class),
                EnumSet.allOf(Profile.class), Sensitivity.PLAIN);
    }

    Setting<T> withDefault(Profile profile, String defaultText) {
        Map<Profile, String> changed = new EnumMap<>(Profile.class);
        changed.putAll(defaults);
        changed.put(profile, defaultText);
        return new Setting<>(key, type, changed, requiredBy, readBy, sensitivity);
    }

    /** The program cannot run without this key; only sensible for a key without a default. */
    Setting<T> requiredBy(Profile profile) {
        Set<Profile> changed = EnumSet.noneOf(Profile.class);
        changed.addAll(requiredBy);
        changed.add(profile);
        return new Setting<>(key, type, defaults, changed, readBy, sensitivity);
    }

    /** Only this program knows the key; for the other it is an unknown key. */
    Setting<T> readOnlyBy(Profile profile) {
        return new Setting<>(key, type, defaults, requiredBy, EnumSet.of(profile), sensitivity);
    }

    Setting<T> withSensitivity(Sensitivity changed) {
        return new Setting<>(key, type, defaults, requiredBy, readBy, changed);
    }

    String key() {
        return key;
    }

    ValueType<T> type() {
        return type;
    }

    String expected() {
        return type.expected();
    }

    /** The default's text for this program, or null when the key has none. */
    String defaultText(Profile profile) {
        return defaults.get(profile);
    }

    boolean isRequiredBy(Profile profile) {
        return requiredBy.contains(profile);
    }

    boolean isReadBy(Profile profile) {
        return readBy.contains(profile);
    }

    Sensitivity sensitivity() {
        return sensitivity;
    }

    /** The value's text as messages and the printout may show it. */
    String display(String text) {
        return sensitivity == Sensitivity.SECRET ? Sensitivity.MASK : type.redact(text);
    }

    @Override
    public String toString() {
        return key;
    }
}
