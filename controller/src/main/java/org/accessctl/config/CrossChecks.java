package org.accessctl.config;

import static org.accessctl.config.ConfigSchema.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules between keys, each value already valid on its own. A key whose value was refused is not
 * in the map, and rules involving it are skipped: its own problem is already reported.
 *
 * <p>When a rule involves a default and an explicit value, the explicit one is named as the
 * problem, since that is the line the user wrote and can change.
 */
final class CrossChecks {

    private final Map<Setting<?>, EffectiveValue<?>> values;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private CrossChecks(Map<Setting<?>, EffectiveValue<?>> values) {
        this.values = values;
    }

    static List<ConfigProblem> check(Map<Setting<?>, EffectiveValue<?>> values, Profile profile) {
        CrossChecks checks = new CrossChecks(values);
        checks.mockPinsOnlyInTheSimulator(profile);
        checks.pinsDistinct();
        checks.heldOpenCoversStrike();
        checks.tlsOnlyWithSsl();
        checks.clientCertificateWithKey();
        checks.passwordWithUsername();
        checks.exitReaderSettingsWithPort();
        checks.readersOnDifferentDevices();
        checks.simulatorPortsDistinct();
        checks.directoryKeysUsable();
        checks.exitReaderForRulesThatCountWhoLeaves(profile);
        return checks.problems;
    }

    /**
     * The daemon's jar has no mock pins, and a door on pins that drive nothing would look as if it
     * worked while the strike never moves: someone without a Pi wants the simulator instead.
     */
    private void mockPinsOnlyInTheSimulator(Profile profile) {
        EffectiveValue<String> provider = effective(GPIO_PROVIDER);
        if (profile == Profile.DAEMON && provider != null && provider.value().equals("mock")) {
            refuse(provider, "mock pins drive no hardware and are for the simulator only; to try the controller"
                    + " without a Raspberry Pi run java -jar door-sim.jar", "auto, pigpio or gpiod");
        }
    }

    /** Two functions on one pin would, at best, pulse the strike whenever the buzzer sounds. */
    private void pinsDistinct() {
        Map<Integer, EffectiveValue<Integer>> firstUse = new LinkedHashMap<>();
        for (Setting<Integer> pin : PINS) {
            EffectiveValue<Integer> current = effective(pin);
            if (current == null) {
                continue;
            }
            EffectiveValue<Integer> earlier = firstUse.putIfAbsent(current.value(), current);
            if (earlier != null) {
                boolean blameEarlier = current.source() == Source.DEFAULT && earlier.source() != Source.DEFAULT;
                EffectiveValue<Integer> blamed = blameEarlier ? earlier : current;
                EffectiveValue<Integer> other = blameEarlier ? current : earlier;
                refuse(blamed, "GPIO " + current.value() + " is also " + name(other),
                        "a GPIO no other gpio.*.pin uses");
            }
        }
    }

    /**
     * The held-open allowance must be at least the strike time. The two are measured from
     * different moments (grant, opening), so a shorter one is not impossible, but it is almost
     * always the two keys mixed up; and someone who takes the whole strike time to open the
     * door, as a grant permits, should not set off the alarm as soon as they step through.
     */
    private void heldOpenCoversStrike() {
        EffectiveValue<Integer> strike = effective(TIMING_STRIKE_SECONDS);
        EffectiveValue<Integer> heldOpen = effective(TIMING_HELD_OPEN_SECONDS);
        if (strike == null || heldOpen == null || heldOpen.value() >= strike.value()) {
            return;
        }
        if (heldOpen.source() == Source.DEFAULT && strike.source() != Source.DEFAULT) {
            refuse(strike, "longer than timing.heldOpenSeconds (" + heldOpen.value() + ", the default)",
                    "at most timing.heldOpenSeconds");
        } else {
            refuse(heldOpen, "shorter than timing.strikeSeconds (" + strike.value() + ")",
                    "at least timing.strikeSeconds");
        }
    }

    /** TLS files with a plain tcp:// broker would be ignored, leaving the link unencrypted unnoticed. */
    private void tlsOnlyWithSsl() {
        EffectiveValue<String> url = effective(MQTT_URL);
        if (url == null || (url.isSet() && url.value().startsWith("ssl://"))) {
            return;
        }
        String reason = url.isSet() ? "mqtt.url is not an ssl:// URL" : "mqtt.url is not set";
        for (Setting<?> tls : List.of(MQTT_TLS_CA_FILE, MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE)) {
            EffectiveValue<?> file = effective(tls);
            if (file != null && file.isSet()) {
                refuse(file, reason, "mqtt.tls.* only with an ssl:// mqtt.url");
            }
        }
    }

    /** A client certificate is useless without its key, and a key without its certificate. */
    private void clientCertificateWithKey() {
        EffectiveValue<?> cert = effective(MQTT_TLS_CERT_FILE);
        EffectiveValue<?> key = effective(MQTT_TLS_KEY_FILE);
        if (cert == null || key == null || cert.isSet() == key.isSet()) {
            return;
        }
        if (cert.isSet()) {
            refuse(cert, "mqtt.tls.keyFile is not set", "a client certificate together with its key");
        } else {
            refuse(key, "mqtt.tls.certFile is not set", "a client key together with its certificate");
        }
    }

    /** MQTT sends a password only after a user name; without one the broker never sees the password. */
    private void passwordWithUsername() {
        EffectiveValue<?> password = effective(MQTT_PASSWORD_FILE);
        EffectiveValue<?> username = effective(MQTT_USERNAME);
        if (password != null && username != null && password.isSet() && !username.isSet()) {
            refuse(password, "mqtt.username is not set", "a password file only together with mqtt.username");
        }
    }

    /** Exit reader settings without its port suggest the port was forgotten, not that there is no reader. */
    private void exitReaderSettingsWithPort() {
        EffectiveValue<?> port = effective(READER_EXIT_PORT);
        if (port == null || port.isSet()) {
            return;
        }
        for (Setting<?> setting : List.of(READER_EXIT_FORMAT, READER_EXIT_BAUD)) {
            EffectiveValue<?> value = effective(setting);
            if (value != null && value.source() != Source.DEFAULT) {
                refuse(value, "reader.exit.port is not set", "reader.exit.* settings only with reader.exit.port");
            }
        }
    }

    /** Two readers cannot share one serial line: each would get half the frames of both. */
    private void readersOnDifferentDevices() {
        EffectiveValue<String> entry = effective(READER_ENTRY_PORT);
        EffectiveValue<String> exit = effective(READER_EXIT_PORT);
        if (entry != null && exit != null && exit.isSet() && exit.value().equals(entry.value())) {
            refuse(exit, "also " + name(entry), "a serial device other than the entry reader's");
        }
    }

    /**
     * Hard anti-passback and the two-person rule learn that someone left only from the exit
     * reader; the exit button is anonymous. Without one, every badge would be refused after its
     * first entry, or the last person out would leave a lone occupant behind for good, until an
     * operator cleared them one by one. (The simulator always has an exit reader.)
     */
    private void exitReaderForRulesThatCountWhoLeaves(Profile profile) {
        EffectiveValue<String> exit = effective(READER_EXIT_PORT);
        if (profile != Profile.DAEMON || exit == null || exit.isSet()) {
            return;
        }
        EffectiveValue<Boolean> twoPerson = effective(DOOR_TWO_PERSON_RULE);
        if (twoPerson != null && twoPerson.value()) {
            refuse(twoPerson, "reader.exit.port is not set, so nobody is seen leaving and the last one out would leave"
                    + " a lone_occupant alarm behind", "true only with an exit reader (reader.exit.port)");
        }
        EffectiveValue<org.accessctl.core.AntiPassback> passback = effective(DOOR_ANTI_PASSBACK);
        if (passback != null && passback.value() == org.accessctl.core.AntiPassback.HARD) {
            refuse(passback, "reader.exit.port is not set, so nobody is seen leaving and every staff badge would be"
                    + " refused after its first entry", "off or soft without an exit reader (reader.exit.port)");
        }
    }

    /** Both simulator servers bind 127.0.0.1; the second could not start. */
    private void simulatorPortsDistinct() {
        EffectiveValue<Integer> http = effective(SIM_HTTP_PORT);
        EffectiveValue<Integer> broker = effective(SIM_BROKER_PORT);
        if (http == null || broker == null || !http.value().equals(broker.value())) {
            return;
        }
        if (broker.source() == Source.DEFAULT && http.source() != Source.DEFAULT) {
            refuse(http, "also " + name(broker), "a port other than sim.broker.port");
        } else {
            refuse(broker, "also " + name(http), "a port other than sim.http.port");
        }
    }

    /** The other key in a clash, marked when the user did not write it and may not know it is there. */
    private static String name(EffectiveValue<?> other) {
        return other.setting().key() + (other.source() == Source.DEFAULT ? " (by default)" : "");
    }

    /** The key's value, or null when the program does not read the key or its value was refused. */
    @SuppressWarnings("unchecked") // the map pairs each setting with a value of its own type
    private <T> EffectiveValue<T> effective(Setting<T> setting) {
        return (EffectiveValue<T>) values.get(setting);
    }

    /**
     * A key file the door cannot use would stop it at start; check-config and doctor say so first,
     * naming the line.
     */
    private void directoryKeysUsable() {
        EffectiveValue<java.nio.file.Path> file = effective(RECORDS_DIRECTORY_KEYS);
        if (file == null || file.value() == null) {
            return;
        }
        try {
            DirectoryKeys.load(file.value());
        } catch (IllegalArgumentException e) {
            refuse(file, e.getMessage(), "one key a line: KID BASE64-PUBLIC-KEY (keygen --kind directory prints it)");
        }
    }

    private void refuse(EffectiveValue<?> value, String reason, String expected) {
        Setting<?> setting = value.setting();
        problems.add(new ConfigProblem(setting.key(), setting.display(value.text()), value.source(), reason,
                expected));
    }
}
