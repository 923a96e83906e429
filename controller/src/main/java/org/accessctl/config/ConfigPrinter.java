package org.accessctl.config;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/**
 * Shows the effective configuration: one {@code key = value} per line, sorted by key, each marked
 * with where its value came from. Secret values are masked. Files with secret contents (the
 * password file, the TLS key) are shown by path only; the printout never opens them.
 */
public final class ConfigPrinter {

    private ConfigPrinter() {
    }

    /** The printout's lines, e.g. {@code timing.strikeSeconds = 5  # default}. */
    public static List<String> lines(ControllerConfig config) {
        List<EffectiveValue<?>> values = config.effectiveValues().stream()
                .sorted(Comparator.comparing(value -> value.setting().key()))
                .toList();
        int keyWidth = values.stream().mapToInt(value -> value.setting().key().length()).max().orElse(0);
        return values.stream().map(value -> line(value, keyWidth)).toList();
    }

    public static void print(ControllerConfig config, PrintStream out) {
        lines(config).forEach(out::println);
    }

    private static String line(EffectiveValue<?> value, int keyWidth) {
        String key = String.format("%-" + keyWidth + "s", value.setting().key());
        if (value.isSet()) {
            return key + " = " + value.shown() + "  # " + value.source().label();
        }
        // Unset is the normal state of an optional key; an emptied value says where it was emptied.
        String where = value.source() == Source.DEFAULT ? "" : " (" + value.source().label() + ")";
        return key + " =   # not set" + where;
    }
}
