package org.accessctl.config;

import static org.accessctl.config.ConfigSchema.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.accessctl.core.AntiPassback;
import org.accessctl.core.DoorSettings;

/**
 * The configuration as the program runs with it: every value present, parsed and checked against
 * the others. Immutable; made only by {@link ConfigLoader}, so holding one means it is valid.
 */
public final class ControllerConfig {

    /**
     * How long the red LED and buzzer signal a denial. Not configurable: a second is noticed by
     * the person at the door and is over before they can present the next badge.
     */
    static final Duration DENIAL_SIGNAL = Duration.ofSeconds(1);

    private final Profile profile;
    private final Map<Setting<?>, EffectiveValue<?>> values;

    ControllerConfig(Profile profile, Map<Setting<?>, EffectiveValue<?>> values) {
        this.profile = profile;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The program this configuration was loaded for. */
    public Profile profile() {
        return profile;
    }

    public String siteId() {
        return get(SITE_ID);
    }

    public String doorId() {
        return get(DOOR_ID);
    }

    public Path dbPath() {
        return get(DB_PATH);
    }

    /** The broker, with its port written out; empty only for the simulator, which then runs its own. */
    public Optional<String> mqttUrl() {
        return optional(MQTT_URL);
    }

    /** True when {@link #mqttUrl()} is an {@code ssl://} URL. */
    public boolean mqttUsesTls() {
        return mqttUrl().map(url -> url.startsWith("ssl://")).orElse(false);
    }

    public String mqttTopicPrefix() {
        return get(MQTT_TOPIC_PREFIX);
    }

    public Optional<String> mqttUsername() {
        return optional(MQTT_USERNAME);
    }

    /** A readable file holding the broker password; checked to exist, never read by the configuration. */
    public Optional<Path> mqttPasswordFile() {
        return optional(MQTT_PASSWORD_FILE);
    }

    /** The CA certificates to trust for the broker; empty means the JVM's default trust store. */
    public Optional<Path> mqttTlsCaFile() {
        return optional(MQTT_TLS_CA_FILE);
    }

    /** The client certificate; present exactly when {@link #mqttTlsKeyFile()} is. */
    public Optional<Path> mqttTlsCertFile() {
        return optional(MQTT_TLS_CERT_FILE);
    }

    /** The client certificate's private key; present exactly when {@link #mqttTlsCertFile()} is. */
    public Optional<Path> mqttTlsKeyFile() {
        return optional(MQTT_TLS_KEY_FILE);
    }

    public ReaderSettings entryReader() {
        return new ReaderSettings(get(READER_ENTRY_PORT), get(READER_ENTRY_FORMAT), get(READER_ENTRY_BAUD));
    }

    /** Empty when there is no exit reader: people leave with the request-to-exit button. */
    public Optional<ReaderSettings> exitReader() {
        return optional(READER_EXIT_PORT)
                .map(port -> new ReaderSettings(port, get(READER_EXIT_FORMAT), get(READER_EXIT_BAUD)));
    }

    /** BCM number of the strike relay's pin. */
    public int gpioRelayPin() {
        return get(GPIO_RELAY_PIN);
    }

    /** True when driving the relay pin high releases the strike. */
    public boolean gpioRelayActiveHigh() {
        return get(GPIO_RELAY_ACTIVE_HIGH);
    }

    /** BCM number of the door contact's pin. */
    public int gpioDoorPin() {
        return get(GPIO_DOOR_PIN);
    }

    /** The door contact's level when the door is open: {@code high} or {@code low}. */
    public String gpioDoorOpenLevel() {
        return get(GPIO_DOOR_OPEN_LEVEL);
    }

    /** True when the door contact reads high with the door open; the same fact as {@link #gpioDoorOpenLevel()}. */
    public boolean gpioDoorOpenHigh() {
        return gpioDoorOpenLevel().equals("high");
    }

    /** BCM number of the request-to-exit button's pin. */
    public int gpioRexPin() {
        return get(GPIO_REX_PIN);
    }

    public int gpioBuzzerPin() {
        return get(GPIO_BUZZER_PIN);
    }

    public int gpioLedGreenPin() {
        return get(GPIO_LED_GREEN_PIN);
    }

    public int gpioLedRedPin() {
        return get(GPIO_LED_RED_PIN);
    }

    /** {@code auto}, {@code pigpio}, {@code gpiod} or {@code mock}. */
    public String gpioProvider() {
        return get(GPIO_PROVIDER);
    }

    public Duration strikeTime() {
        return Duration.ofSeconds(get(TIMING_STRIKE_SECONDS));
    }

    public Duration heldOpenTime() {
        return Duration.ofSeconds(get(TIMING_HELD_OPEN_SECONDS));
    }

    public Duration escortWindow() {
        return Duration.ofSeconds(get(TIMING_ESCORT_WINDOW_SECONDS));
    }

    /** The same badge read again within this is one read; zero turns suppression off. */
    public Duration repeatSuppress() {
        return Duration.ofMillis(get(TIMING_REPEAT_SUPPRESS_MILLIS));
    }

    /** A door-contact change counts once it has stayed this long; zero counts every change. */
    public Duration contactDebounce() {
        return Duration.ofMillis(get(TIMING_CONTACT_DEBOUNCE_MILLIS));
    }

    /**
     * The file of trusted directory keys (contract section 7); empty when records are taken
     * unsigned, as plain JSON.
     */
    public Optional<Path> recordsDirectoryKeys() {
        return optional(RECORDS_DIRECTORY_KEYS);
    }

    /** Nobody is ever alone inside: an empty room opens only for two persons. */
    public boolean twoPersonRule() {
        return get(DOOR_TWO_PERSON_RULE);
    }

    public AntiPassback antiPassback() {
        return get(DOOR_ANTI_PASSBACK);
    }

    /** What the core decides with; the denial signal is fixed at one second. */
    public DoorSettings doorSettings() {
        return new DoorSettings(siteId(), doorId(), strikeTime(), heldOpenTime(), escortWindow(), DENIAL_SIGNAL)
                .withContactDebounce(contactDebounce()).withTwoPersonRule(twoPersonRule())
                .withAntiPassback(antiPassback());
    }

    /**
     * The simulator's web page port, on 127.0.0.1.
     *
     * @throws IllegalStateException for the daemon, which has no such key
     */
    /** Whether the door publishes Home Assistant MQTT discovery configs. */
    public boolean haDiscovery() {
        return get(HA_DISCOVERY);
    }

    /** Home Assistant's discovery prefix, the first level of its config topics. */
    public String haPrefix() {
        return get(HA_PREFIX);
    }

    /** How many doors the simulator runs in its one process: {@code door-1} … {@code door-N}. */
    public int simDoors() {
        return get(SIM_DOORS);
    }

    public int simHttpPort() {
        return get(SIM_HTTP_PORT);
    }

    /**
     * The simulator's embedded broker port, on 127.0.0.1; used only when {@link #mqttUrl()} is empty.
     *
     * @throws IllegalStateException for the daemon, which has no such key
     */
    public int simBrokerPort() {
        return get(SIM_BROKER_PORT);
    }

    /** Every key this program reads, in schema order. */
    Collection<EffectiveValue<?>> effectiveValues() {
        return values.values();
    }

    @SuppressWarnings("unchecked") // the map pairs each setting with a value of its own type
    private <T> EffectiveValue<T> effective(Setting<T> setting) {
        EffectiveValue<T> effective = (EffectiveValue<T>) values.get(setting);
        if (effective == null) {
            throw new IllegalStateException(setting.key() + " is not read by " + profile.programName());
        }
        return effective;
    }

    private <T> T get(Setting<T> setting) {
        T value = effective(setting).value();
        if (value == null) {
            // The loader refuses a configuration without every key that has a default or is required.
            throw new IllegalStateException(setting.key() + " is not set");
        }
        return value;
    }

    private <T> Optional<T> optional(Setting<T> setting) {
        return Optional.ofNullable(effective(setting).value());
    }
}
