package org.accessctl.config;

/**
 * A key's value as the program will use it.
 *
 * @param text the trimmed text, or null when the key is not set
 * @param value the parsed value, or null when the key is not set
 * @param source where the text came from
 */
record EffectiveValue<T>(Setting<T> setting, String text, T value, Source source) {

    boolean isSet() {
        return value != null;
    }

    /** The value as the printout shows it: in its canonical form, secrets masked; null when not set. */
    String shown() {
        return value == null ? null : setting.display(setting.type().format(value));
    }
}
