package org.accessctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.accessctl.core.DoorSettings;
import org.accessctl.serial.BadgeFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where values come from: defaults per program, the file, -D overrides; and what is refused as a whole. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void daemonDefaults() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir).load(Profile.DAEMON);

        assertEquals(Profile.DAEMON, config.profile());
        assertEquals("main", config.siteId());
        assertEquals("door-1", config.doorId());
        assertEquals(Path.of("/var/lib/door-controller/door.db"), config.dbPath());
        assertEquals(Optional.of(ConfigFixture.BROKER), config.mqttUrl());
        assertFalse(config.mqttUsesTls());
        assertEquals("accessctl", config.mqttTopicPrefix());
        assertEquals(Optional.empty(), config.mqttUsername());
        assertEquals(Optional.empty(), config.mqttPasswordFile());
        assertEquals(Optional.empty(), config.mqttTlsCaFile());
        assertEquals(Optional.empty(), config.mqttTlsCertFile());
        assertEquals(Optional.empty(), config.mqttTlsKeyFile());
        assertEquals(new ReaderSettings("/dev/serial0", BadgeFormat.RDM6300, 9600), config.entryReader());
        assertEquals(Optional.empty(), config.exitReader());
        assertEquals(17, config.gpioRelayPin());
        assertTrue(config.gpioRelayActiveHigh());
        assertEquals(27, config.gpioDoorPin());
        assertEquals("high", config.gpioDoorOpenLevel());
        assertTrue(config.gpioDoorOpenHigh());
        assertEquals(22, config.gpioRexPin());
        assertEquals(23, config.gpioBuzzerPin());
        assertEquals(24, config.gpioLedGreenPin());
        assertEquals(25, config.gpioLedRedPin());
        assertEquals("auto", config.gpioProvider());
        assertEquals(Duration.ofSeconds(5), config.strikeTime());
        assertEquals(Duration.ofSeconds(30), config.heldOpenTime());
        assertEquals(Duration.ofSeconds(30), config.escortWindow());
        assertEquals(Duration.ofMillis(1500), config.repeatSuppress());
    }

    @Test
    void simulatorDefaultsWithoutAFile() throws ConfigException {
        ControllerConfig config = ConfigLoader.loadWithoutFile(new Properties(), Profile.SIMULATOR);

        assertEquals(Profile.SIMULATOR, config.profile());
        assertEquals(Path.of("./sim-data/door.db"), config.dbPath());
        assertEquals("mock", config.gpioProvider());
        assertEquals(Optional.empty(), config.mqttUrl(), "no URL: the simulator runs its own broker");
        assertEquals(8080, config.simHttpPort());
        assertEquals(1883, config.simBrokerPort());
        assertEquals("main", config.siteId());
        assertEquals(17, config.gpioRelayPin());
    }

    @Test
    void daemonDefaultsMatchTheCoresDefaults() throws ConfigException {
        DoorSettings settings = ConfigFixture.daemon(dir).load(Profile.DAEMON).doorSettings();

        assertEquals(DoorSettings.defaults("main", "door-1").withContactDebounce(Duration.ofMillis(50)), settings);
    }

    @Test
    void doorSettingsCarryTheConfiguredTimesAndAOneSecondDenialSignal() throws ConfigException {
        DoorSettings settings = ConfigFixture.daemon(dir)
                .with("site.id", "dc-2").with("door.id", "cage-7")
                .with("timing.strikeSeconds", "8").with("timing.heldOpenSeconds", "120")
                .with("timing.escortWindowSeconds", "45").with("timing.contactDebounceMillis", "20")
                .load(Profile.DAEMON).doorSettings();

        assertEquals(new DoorSettings("dc-2", "cage-7", Duration.ofSeconds(8), Duration.ofSeconds(120),
                Duration.ofSeconds(45), Duration.ofSeconds(1)).withContactDebounce(Duration.ofMillis(20)), settings);
    }

    @Test
    void exitReaderExistsWhenItsPortIsSet() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("reader.entry.port", "/dev/ttyUSB0").with("reader.entry.format", "line")
                .with("reader.entry.baud", "115200")
                .with("reader.exit.port", "/dev/ttyUSB1").with("reader.exit.format", "id12")
                .with("reader.exit.baud", "19200")
                .load(Profile.DAEMON);

        assertEquals(new ReaderSettings("/dev/ttyUSB0", BadgeFormat.LINE, 115200), config.entryReader());
        assertEquals(Optional.of(new ReaderSettings("/dev/ttyUSB1", BadgeFormat.ID12, 19200)), config.exitReader());
    }

    @Test
    void systemPropertyWinsOverTheFile() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("timing.strikeSeconds", "7").with("door.id", "from-file")
                .override("timing.strikeSeconds", "9").override("mqtt.url", "ssl://other:8883")
                .load(Profile.DAEMON);

        assertEquals(Duration.ofSeconds(9), config.strikeTime());
        assertEquals(Optional.of("ssl://other:8883"), config.mqttUrl());
        assertEquals("from-file", config.doorId());
    }

    @Test
    void aBadSystemPropertyIsMarkedAsOne() {
        ConfigException e = ConfigFixture.daemon(dir).override("gpio.relay.pin", "30").refuse(Profile.DAEMON);

        assertEquals("-Dgpio.relay.pin = \"30\": expected a BCM GPIO number from 0 to 27", e.getMessage());
    }

    @Test
    void unrelatedSystemPropertiesAreIgnored() throws ConfigException {
        ConfigFixture fixture = ConfigFixture.daemon(dir)
                .override("java.version", "17").override("user.dir", "/tmp")
                .override("pi4j.library.path", "/usr/lib").override("mqttDebug", "true")
                .override("org.slf4j.simpleLogger.defaultLogLevel", "debug");

        assertEquals("main", fixture.load(Profile.DAEMON).siteId());
    }

    @Test
    void realSystemPropertiesOfThisJvmAreIgnored() throws ConfigException {
        Properties jvm = new Properties();
        jvm.putAll(System.getProperties());
        jvm.keySet().removeIf(name -> ConfigSchema.looksLikeOurs(name.toString()));

        assertEquals("main", ConfigLoader.load(ConfigFixture.daemon(dir).write(), jvm, Profile.DAEMON).siteId());
    }

    @Test
    void aMisspeltSystemPropertyIsRefused() {
        ConfigException e = ConfigFixture.daemon(dir).override("timing.strikeSecond", "9").refuse(Profile.DAEMON);

        assertEquals("-Dtiming.strikeSecond = \"9\": unknown key; did you mean timing.strikeSeconds?", e.getMessage());
        assertEquals("timing.strikeSecond", e.key());
        assertEquals(null, e.expected());
    }

    @Test
    void anUnknownKeyInTheFileIsRefused() {
        ConfigException e = ConfigFixture.daemon(dir).with("gpio.relay.pinn", "17").refuse(Profile.DAEMON);

        assertEquals("gpio.relay.pinn = \"17\": unknown key; did you mean gpio.relay.pin?", e.getMessage());
    }

    @Test
    void aKeyInTheWrongCaseIsRefusedWithTheRightSpelling() {
        ConfigException e = ConfigFixture.daemon(dir).with("MQTT.TOPICPREFIX", "x").refuse(Profile.DAEMON);

        assertEquals("MQTT.TOPICPREFIX = \"x\": unknown key; did you mean mqtt.topicPrefix?", e.getMessage());
    }

    @Test
    void aKeyMissingTheEndOfItsNameIsRefusedWithTheWholeName() {
        ConfigException e = ConfigFixture.daemon(dir).with("timing.heldOpen", "60").refuse(Profile.DAEMON);

        assertEquals("timing.heldOpen = \"60\": unknown key; did you mean timing.heldOpenSeconds?", e.getMessage());
    }

    @Test
    void anUnknownKeyWithNothingCloseIsRefusedPlainly() {
        ConfigException e = ConfigFixture.daemon(dir).with("log.level", "debug").refuse(Profile.DAEMON);

        assertEquals("log.level = \"debug\": unknown key", e.getMessage());
    }

    @Test
    void anUnknownKeyThatLooksSecretIsNotEchoed() {
        ConfigException e = ConfigFixture.daemon(dir).with("mqtt.password", "hunter2").refuse(Profile.DAEMON);

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertEquals("mqtt.password = \"********\": unknown key; did you mean mqtt.passwordFile?", e.getMessage());
    }

    @Test
    void simulatorKeysAreUnknownToTheDaemon() {
        ConfigException e = ConfigFixture.daemon(dir).with("sim.http.port", "8081").refuse(Profile.DAEMON);

        assertEquals("sim.http.port = \"8081\": unknown key: read by the simulator only", e.getMessage());
    }

    @Test
    void simulatorKeysAsSystemPropertiesAreUnknownToTheDaemon() {
        ConfigException e = ConfigFixture.daemon(dir).override("sim.broker.port", "1884").refuse(Profile.DAEMON);

        assertEquals("-Dsim.broker.port = \"1884\": unknown key: read by the simulator only", e.getMessage());
    }

    @Test
    void simulatorKeysAreReadByTheSimulator() throws ConfigException {
        ControllerConfig config = ConfigFixture.empty(dir)
                .with("sim.http.port", "8081").override("sim.broker.port", "1884")
                .load(Profile.SIMULATOR);

        assertEquals(8081, config.simHttpPort());
        assertEquals(1884, config.simBrokerPort());
    }

    @Test
    void theDaemonHasNoSimulatorPorts() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir).load(Profile.DAEMON);

        assertThrows(IllegalStateException.class, config::simHttpPort);
        assertThrows(IllegalStateException.class, config::simBrokerPort);
    }

    @Test
    void theDaemonNeedsABroker() {
        ConfigException e = ConfigFixture.empty(dir).refuse(Profile.DAEMON);

        assertEquals("mqtt.url is not set: required by the daemon; expected tcp://host[:port] or ssl://host[:port]"
                + " (port defaults to 1883 and 8883)", e.getMessage());
        assertEquals("mqtt.url", e.key());
        assertEquals(null, e.value());
    }

    @Test
    void anEmptyBrokerUrlIsStillMissingForTheDaemon() {
        ConfigException e = ConfigFixture.daemon(dir).with("mqtt.url", "  ").refuse(Profile.DAEMON);

        assertTrue(e.getMessage().startsWith("mqtt.url = \"\": required by the daemon; expected tcp://"),
                e.getMessage());
    }

    @Test
    void theDaemonWithoutAFileTakesTheBrokerFromASystemProperty() throws ConfigException {
        Properties overrides = new Properties();
        overrides.setProperty("mqtt.url", "tcp://broker:1883");

        assertEquals(Optional.of("tcp://broker:1883"),
                ConfigLoader.loadWithoutFile(overrides, Profile.DAEMON).mqttUrl());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.loadWithoutFile(new Properties(), Profile.DAEMON));
        assertEquals("mqtt.url", e.key());
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("door.properties");

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(missing, new Properties(), Profile.DAEMON));

        assertEquals("configuration file " + missing + ": no such file", e.getMessage());
        assertEquals(null, e.key());
    }

    @Test
    void aDirectoryIsNotAConfigurationFile() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(dir, new Properties(), Profile.DAEMON));

        assertEquals("configuration file " + dir + ": is a directory", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws Exception {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, "mqtt.username = Zo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1));

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, new Properties(), Profile.DAEMON));
        assertEquals("configuration file " + file + ": not UTF-8 text", e.getMessage());
    }

    @Test
    void aMalformedEscapeIsRefused() {
        Path file = ConfigFixture.empty(dir).writeRaw("mqtt.url = tcp://broker\n door.id = a\\u12\n");

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, new Properties(), Profile.DAEMON));
        assertEquals("configuration file " + file + ": malformed \\uXXXX escape", e.getMessage());
    }

    @Test
    void theFileIsReadAsUtf8() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir).with("mqtt.username", "Zoë").load(Profile.DAEMON);

        assertEquals(Optional.of("Zoë"), config.mqttUsername());
    }

    @Test
    void aKeyWrittenTwiceIsRefused() {
        Path file = ConfigFixture.empty(dir).writeRaw("""
                mqtt.url = tcp://broker:1883
                gpio.relay.pin = 17
                gpio.relay.pin = 18
                """);

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(file, new Properties(), Profile.DAEMON));
        assertEquals("gpio.relay.pin = \"18\": set more than once in the file (an earlier line says \"17\");"
                + " expected each key once", e.getMessage());
    }

    @Test
    void valuesAreTrimmed() throws ConfigException {
        Path file = ConfigFixture.empty(dir).writeRaw("mqtt.url =   tcp://broker:1883  \t\ndoor.id=  cage-1   \n");

        ControllerConfig config = ConfigLoader.load(file, new Properties(), Profile.DAEMON);

        assertEquals("cage-1", config.doorId());
        assertEquals(Optional.of("tcp://broker:1883"), config.mqttUrl());
    }

    @Test
    void anEmptyOptionalValueMeansUnset() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("mqtt.username", "").with("reader.exit.port", " ").with("mqtt.tls.caFile", "")
                .load(Profile.DAEMON);

        assertEquals(Optional.empty(), config.mqttUsername());
        assertEquals(Optional.empty(), config.exitReader());
        assertEquals(Optional.empty(), config.mqttTlsCaFile());
    }

    @Test
    void anEmptySystemPropertyUnsetsWhatTheFileSets() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("reader.exit.port", "/dev/ttyUSB1").override("reader.exit.port", "")
                .load(Profile.DAEMON);

        assertEquals(Optional.empty(), config.exitReader());
    }

    @Test
    void anEmptyValueForAKeyWithADefaultIsRefused() {
        ConfigException e = ConfigFixture.daemon(dir).with("timing.strikeSeconds", "").refuse(Profile.DAEMON);

        assertEquals("timing.strikeSeconds = \"\": expected a whole number of seconds from 1 to 60", e.getMessage());
    }

    @Test
    void everyProblemIsKeptAndTheMessageIsAboutTheFirst() {
        ConfigException e = ConfigFixture.empty(dir)
                .with("bogus.key", "1")
                .with("timing.strikeSeconds", "abc")
                .with("gpio.relay.pin", "99")
                .override("gpio.led.red.pin", "x")
                .refuse(Profile.DAEMON);

        List<String> messages = e.problems().stream().map(ConfigProblem::message).toList();
        assertEquals(List.of(
                "bogus.key = \"1\": unknown key",
                "mqtt.url is not set: required by the daemon; expected tcp://host[:port] or ssl://host[:port]"
                        + " (port defaults to 1883 and 8883)",
                "gpio.relay.pin = \"99\": expected a BCM GPIO number from 0 to 27",
                "-Dgpio.led.red.pin = \"x\": expected a BCM GPIO number from 0 to 27",
                "timing.strikeSeconds = \"abc\": expected a whole number of seconds from 1 to 60"), messages);
        assertEquals("bogus.key = \"1\": unknown key (and 4 more problems)", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
