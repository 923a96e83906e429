package org.accessctl.serial;

import java.util.Locale;

/** The frame formats a badge reader can speak (contract section 4). */
public enum BadgeFormat {
    RDM6300,
    ID12,
    LINE;

    /** The configuration value: {@code rdm6300}, {@code id12} or {@code line}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BadgeFormat fromConfig(String value) {
        for (BadgeFormat f : values()) {
            if (f.configName().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown badge format: " + value);
    }
}
