package org.accessctl.config;

import static org.accessctl.config.Profile.DAEMON;
import static org.accessctl.config.Profile.SIMULATOR;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.accessctl.core.AntiPassback;
import org.accessctl.serial.BadgeFormat;

/**
 * Every key the programs read, in the order the documentation lists them. The ranges are the
 * product's limits, not Java's: a value outside them is a typing mistake more often than a wish.
 */
final class ConfigSchema {

    static final Setting<String> SITE_ID = Setting.of("site.id", ValueTypes.identifier(), "main");
    static final Setting<String> DOOR_ID = Setting.of("door.id", ValueTypes.identifier(), "door-1");

    static final Setting<Path> DB_PATH =
            Setting.of("db.path", ValueTypes.creatableFile(), "/var/lib/door-controller/door.db")
                    .withDefault(SIMULATOR, "./sim-data/door.db");

    // The simulator starts a broker of its own when no URL is given; the daemon has nothing to fall back on.
    static final Setting<String> MQTT_URL = Setting.optional("mqtt.url", ValueTypes.mqttUrl()).requiredBy(DAEMON);
    static final Setting<String> MQTT_TOPIC_PREFIX =
            Setting.of("mqtt.topicPrefix", ValueTypes.topicLevel(), "accessctl");
    static final Setting<String> MQTT_USERNAME =
            Setting.optional("mqtt.username", ValueTypes.text("a user name for the broker"));
    static final Setting<Path> MQTT_PASSWORD_FILE =
            Setting.optional("mqtt.passwordFile", ValueTypes.readableFile()).withSensitivity(Sensitivity.SECRET_FILE);
    static final Setting<Path> MQTT_TLS_CA_FILE = Setting.optional("mqtt.tls.caFile", ValueTypes.readableFile());
    static final Setting<Path> MQTT_TLS_CERT_FILE = Setting.optional("mqtt.tls.certFile", ValueTypes.readableFile());
    static final Setting<Path> MQTT_TLS_KEY_FILE =
            Setting.optional("mqtt.tls.keyFile", ValueTypes.readableFile()).withSensitivity(Sensitivity.SECRET_FILE);

    static final Setting<String> READER_ENTRY_PORT =
            Setting.of("reader.entry.port", ValueTypes.serialDevice(), "/dev/serial0");
    static final Setting<BadgeFormat> READER_ENTRY_FORMAT =
            Setting.of("reader.entry.format", ValueTypes.badgeFormat(), BadgeFormat.RDM6300.configName());
    static final Setting<Integer> READER_ENTRY_BAUD = Setting.of("reader.entry.baud", ValueTypes.baudRate(), "9600");
    // No exit reader is a supported installation: people leave with the request-to-exit button.
    static final Setting<String> READER_EXIT_PORT = Setting.optional("reader.exit.port", ValueTypes.serialDevice());
    static final Setting<BadgeFormat> READER_EXIT_FORMAT =
            Setting.of("reader.exit.format", ValueTypes.badgeFormat(), BadgeFormat.RDM6300.configName());
    static final Setting<Integer> READER_EXIT_BAUD = Setting.of("reader.exit.baud", ValueTypes.baudRate(), "9600");

    static final Setting<Integer> GPIO_RELAY_PIN = pin("gpio.relay.pin", 17);
    static final Setting<Boolean> GPIO_RELAY_ACTIVE_HIGH =
            Setting.of("gpio.relay.activeHigh", ValueTypes.bool(), "true");
    static final Setting<Integer> GPIO_DOOR_PIN = pin("gpio.door.pin", 27);
    static final Setting<String> GPIO_DOOR_OPEN_LEVEL =
            Setting.of("gpio.door.openLevel", ValueTypes.oneOf("high", "low"), "high");
    static final Setting<Integer> GPIO_REX_PIN = pin("gpio.rex.pin", 22);
    static final Setting<Integer> GPIO_BUZZER_PIN = pin("gpio.buzzer.pin", 23);
    static final Setting<Integer> GPIO_LED_GREEN_PIN = pin("gpio.led.green.pin", 24);
    static final Setting<Integer> GPIO_LED_RED_PIN = pin("gpio.led.red.pin", 25);
    // The simulator drives simulated pins; on a desk there is no GPIO chip for "auto" to find.
    static final Setting<String> GPIO_PROVIDER =
            Setting.of("gpio.provider", ValueTypes.oneOf("auto", "pigpio", "gpiod", "mock"), "auto")
                    .withDefault(SIMULATOR, "mock");

    // Longer than a minute of released strike is an unlocked door, not a grant.
    static final Setting<Integer> TIMING_STRIKE_SECONDS =
            Setting.of("timing.strikeSeconds", ValueTypes.wholeNumber("a whole number of seconds", 1, 60), "5");
    // Up to an hour, for doors propped open during deliveries; beyond that the alarm means nothing.
    static final Setting<Integer> TIMING_HELD_OPEN_SECONDS =
            Setting.of("timing.heldOpenSeconds", ValueTypes.wholeNumber("a whole number of seconds", 1, 3600), "30");
    // Under 5 s two people cannot present two badges; over 5 min the pairing proves nothing.
    static final Setting<Integer> TIMING_ESCORT_WINDOW_SECONDS =
            Setting.of("timing.escortWindowSeconds", ValueTypes.wholeNumber("a whole number of seconds", 5, 300), "30");
    // 0 turns suppression off; readers repeat a held badge every few hundred milliseconds.
    static final Setting<Integer> TIMING_REPEAT_SUPPRESS_MILLIS = Setting.of("timing.repeatSuppressMillis",
            ValueTypes.wholeNumber("a whole number of milliseconds", 0, 10_000), "1500");
    // A reed switch bounces for a few milliseconds; a person needs far longer than a second to pass.
    static final Setting<Integer> TIMING_CONTACT_DEBOUNCE_MILLIS = Setting.of("timing.contactDebounceMillis",
            ValueTypes.wholeNumber("a whole number of milliseconds", 0, 1000), "50");

    // Rules for high-security rooms; off by default, as most doors need neither.
    static final Setting<Boolean> DOOR_TWO_PERSON_RULE = Setting.of("door.twoPersonRule", ValueTypes.bool(), "false");
    static final Setting<AntiPassback> DOOR_ANTI_PASSBACK =
            Setting.of("door.antiPassback", ValueTypes.antiPassback(), AntiPassback.SOFT.code());

    // Unset: records are plain JSON, and anyone who may publish on the broker can grant access.
    static final Setting<Path> RECORDS_DIRECTORY_KEYS =
            Setting.optional("records.directoryKeys", ValueTypes.readableFile());

    // Off on a site's doors unless asked for; the simulator shows what Home Assistant would see.
    static final Setting<Boolean> HA_DISCOVERY =
            Setting.of("ha.discovery", ValueTypes.bool(), "false").withDefault(SIMULATOR, "true");
    static final Setting<String> HA_PREFIX = Setting.of("ha.prefix", ValueTypes.topicLevel(), "homeassistant");

    static final Setting<Integer> SIM_HTTP_PORT = port("sim.http.port", 8080).readOnlyBy(SIMULATOR);
    static final Setting<Integer> SIM_BROKER_PORT = port("sim.broker.port", 1883).readOnlyBy(SIMULATOR);
    // Each door is a whole controller (threads, database connections, two pseudo-terminals);
    // a site's worth fits one process, a fleet runs as several.
    static final Setting<Integer> SIM_DOORS = Setting.of("sim.doors",
            ValueTypes.wholeNumber("a number of doors", 1, 256), "1").readOnlyBy(SIMULATOR);

    static final List<Setting<?>> ALL = List.of(
            SITE_ID, DOOR_ID, DB_PATH,
            MQTT_URL, MQTT_TOPIC_PREFIX, MQTT_USERNAME, MQTT_PASSWORD_FILE,
            MQTT_TLS_CA_FILE, MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE,
            READER_ENTRY_PORT, READER_ENTRY_FORMAT, READER_ENTRY_BAUD,
            READER_EXIT_PORT, READER_EXIT_FORMAT, READER_EXIT_BAUD,
            GPIO_RELAY_PIN, GPIO_RELAY_ACTIVE_HIGH, GPIO_DOOR_PIN, GPIO_DOOR_OPEN_LEVEL, GPIO_REX_PIN,
            GPIO_BUZZER_PIN, GPIO_LED_GREEN_PIN, GPIO_LED_RED_PIN, GPIO_PROVIDER,
            TIMING_STRIKE_SECONDS, TIMING_HELD_OPEN_SECONDS, TIMING_ESCORT_WINDOW_SECONDS,
            TIMING_REPEAT_SUPPRESS_MILLIS, TIMING_CONTACT_DEBOUNCE_MILLIS,
            DOOR_TWO_PERSON_RULE, DOOR_ANTI_PASSBACK,
            RECORDS_DIRECTORY_KEYS,
            HA_DISCOVERY, HA_PREFIX,
            SIM_HTTP_PORT, SIM_BROKER_PORT, SIM_DOORS);

    /** Every output and input pin; each must be wired to its own GPIO. */
    static final List<Setting<Integer>> PINS = List.of(
            GPIO_RELAY_PIN, GPIO_DOOR_PIN, GPIO_REX_PIN, GPIO_BUZZER_PIN, GPIO_LED_GREEN_PIN, GPIO_LED_RED_PIN);

    /**
     * First levels of our key names. A system property under one of them that is not a key is
     * refused like an unknown key in the file, because a misspelt {@code -D} override would
     * otherwise be ignored without a word. Other system properties belong to the JVM and libraries.
     */
    static final List<String> OUR_PREFIXES =
            List.of("site.", "door.", "db.", "mqtt.", "reader.", "gpio.", "timing.", "records.", "ha.", "sim.");

    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "passphrase", "credential", "privatekey");

    private static final Map<String, Setting<?>> BY_KEY = new LinkedHashMap<>();

    static {
        for (Setting<?> setting : ALL) {
            BY_KEY.put(setting.key(), setting);
        }
    }

    private ConfigSchema() {
    }

    /** The key's definition, whichever program reads it. */
    static Optional<Setting<?>> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * A value's text as it may be shown, for any name. An unknown key is masked when its name
     * suggests a secret, because someone may well have written {@code mqtt.password = ...}.
     */
    static String display(String key, String text) {
        Setting<?> setting = BY_KEY.get(key);
        if (setting != null) {
            return setting.display(text);
        }
        String name = key.toLowerCase(Locale.ROOT);
        boolean secretName = SECRET_WORDS.stream().anyMatch(name::contains);
        return secretName && !name.endsWith("file") ? Sensitivity.MASK : text;
    }

    static boolean looksLikeOurs(String name) {
        return OUR_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /**
     * The key a misspelt name was probably meant to be: the same ignoring case, at most two
     * letters apart, or the name missing the end of its last level ({@code mqtt.password} for
     * {@code mqtt.passwordFile}, {@code timing.strike} for {@code timing.strikeSeconds}).
     * Empty when nothing is close, so a guess is only offered when it is likely.
     */
    static Optional<String> closestKey(String name, Profile profile) {
        String best = null;
        int bestDistance = 3;
        for (Setting<?> setting : ALL) {
            if (!setting.isReadBy(profile)) {
                continue;
            }
            String key = setting.key().toLowerCase(Locale.ROOT);
            String lowerName = name.toLowerCase(Locale.ROOT);
            boolean truncated = key.startsWith(lowerName) && key.indexOf('.', lowerName.length()) < 0
                    && lowerName.lastIndexOf('.') > 0 && !lowerName.endsWith(".");
            int distance = key.equals(lowerName) ? 0 : truncated ? 1 : editDistance(lowerName, key);
            if (distance < bestDistance) {
                best = setting.key();
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Setting<Integer> pin(String key, int defaultPin) {
        // BCM numbers of the 40-pin header's GPIOs.
        return Setting.of(key, ValueTypes.wholeNumber("a BCM GPIO number", 0, 27), String.valueOf(defaultPin));
    }

    private static Setting<Integer> port(String key, int defaultPort) {
        return Setting.of(key, ValueTypes.wholeNumber("a TCP port", 1, 65535), String.valueOf(defaultPort));
    }
}
