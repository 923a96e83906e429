package org.accessctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each key on its own: values it accepts, and values it refuses with a message naming key, value and expectation. */
class KeyValidationTest {

    private static final String ID = "1 to 64 lower-case letters, digits or '-'";
    private static final String URL = "tcp://host[:port] or ssl://host[:port] (port defaults to 1883 and 8883)";
    private static final String TOPIC = "a single MQTT topic level: no '/', '+', '#' or NUL, not starting with '$'";
    private static final String FORMAT = "rdm6300, id12 or line";
    private static final String BAUD = "a standard baud rate: 1200, 2400, 4800, 9600, 19200, 38400, 57600 or 115200";
    private static final String PIN = "a BCM GPIO number from 0 to 27";
    private static final String BOOL = "true or false";
    private static final String PORT = "a TCP port from 1 to 65535";
    private static final String DEVICE = "a serial device such as /dev/serial0 or /dev/ttyUSB0";

    @TempDir
    Path dir;

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("site.id", "main"), arguments("site.id", "dc-2"), arguments("site.id", "a".repeat(64)),
                arguments("door.id", "door-1"), arguments("door.id", "0"),
                arguments("mqtt.url", "tcp://broker:1883"), arguments("mqtt.url", "ssl://broker.example.net:8883"),
                arguments("mqtt.url", "tcp://10.0.0.5"), arguments("mqtt.url", "tcp://[::1]:1884"),
                arguments("mqtt.topicPrefix", "accessctl"), arguments("mqtt.topicPrefix", "Site 7"),
                arguments("mqtt.username", "door-1"), arguments("mqtt.username", "Zoë"),
                arguments("reader.entry.port", "/dev/ttyUSB0"), arguments("reader.exit.port", "/dev/ttyAMA1"),
                arguments("reader.entry.format", "rdm6300"), arguments("reader.entry.format", "id12"),
                arguments("reader.entry.format", "line"),
                arguments("reader.entry.baud", "1200"), arguments("reader.entry.baud", "2400"),
                arguments("reader.entry.baud", "4800"), arguments("reader.entry.baud", "9600"),
                arguments("reader.entry.baud", "19200"), arguments("reader.entry.baud", "38400"),
                arguments("reader.entry.baud", "57600"), arguments("reader.entry.baud", "115200"),
                arguments("gpio.relay.pin", "0"), arguments("gpio.relay.pin", "26"),
                arguments("gpio.led.red.pin", "2"), arguments("gpio.door.pin", "5"), arguments("gpio.rex.pin", "6"),
                arguments("gpio.buzzer.pin", "7"), arguments("gpio.led.green.pin", "8"),
                arguments("gpio.relay.activeHigh", "true"), arguments("gpio.relay.activeHigh", "false"),
                arguments("gpio.door.openLevel", "high"), arguments("gpio.door.openLevel", "low"),
                arguments("gpio.provider", "auto"), arguments("gpio.provider", "pigpio"),
                arguments("gpio.provider", "gpiod"),
                arguments("timing.strikeSeconds", "1"), arguments("timing.strikeSeconds", "60"),
                arguments("timing.heldOpenSeconds", "60"), arguments("timing.heldOpenSeconds", "3600"),
                arguments("timing.escortWindowSeconds", "5"), arguments("timing.escortWindowSeconds", "300"),
                arguments("timing.repeatSuppressMillis", "0"), arguments("timing.repeatSuppressMillis", "10000"),
                arguments("timing.repeatSuppressMillis", "0250"),
                arguments("door.twoPersonRule", "false"), arguments("door.antiPassback", "off"),
                arguments("door.antiPassback", "soft"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("accepted")
    void acceptsGoodValue(String key, String value) throws ConfigException {
        // The longest strike time needs a held-open allowance at least as long.
        ControllerConfig config = ConfigFixture.daemon(dir).with("timing.heldOpenSeconds", "3600").with(key, value)
                .load(Profile.DAEMON);

        String line = lineOf(config, key);
        assertTrue(line.endsWith("# file"), line);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("site.id", "Main", ID), arguments("site.id", "dc_2", ID), arguments("site.id", "a b", ID),
                arguments("site.id", "a".repeat(65), ID), arguments("door.id", "door/1", ID),
                arguments("door.id", "", ID),
                arguments("mqtt.url", "http://broker:1883", URL), arguments("mqtt.url", "broker:1883", URL),
                arguments("mqtt.url", "tcp://", URL), arguments("mqtt.url", "tcp://:1883", URL),
                arguments("mqtt.url", "tcp://broker:0", URL), arguments("mqtt.url", "tcp://broker:65536", URL),
                arguments("mqtt.url", "tcp://broker:abc", URL), arguments("mqtt.url", "tcp://broker:1883/x", URL),
                arguments("mqtt.url", "tcp://broker:1883?x=1", URL), arguments("mqtt.url", "TCP://broker", URL),
                arguments("mqtt.url", "tcp://bro ker:1883", URL),
                arguments("mqtt.topicPrefix", "a/b", TOPIC), arguments("mqtt.topicPrefix", "a+", TOPIC),
                arguments("mqtt.topicPrefix", "#", TOPIC), arguments("mqtt.topicPrefix", "$SYS", TOPIC),
                arguments("mqtt.topicPrefix", "a\u0000b", TOPIC), arguments("mqtt.topicPrefix", "", TOPIC),
                arguments("mqtt.username", "door\u0007", "a user name for the broker"),
                arguments("reader.entry.port", "/dev/tty USB0", DEVICE), arguments("reader.entry.port", "", DEVICE),
                arguments("reader.entry.format", "RDM6300", FORMAT), arguments("reader.entry.format", "em4100", FORMAT),
                arguments("reader.exit.format", "wiegand", FORMAT),
                arguments("reader.entry.baud", "9601", BAUD), arguments("reader.entry.baud", "300", BAUD),
                arguments("reader.entry.baud", "230400", BAUD), arguments("reader.entry.baud", "fast", BAUD),
                arguments("reader.exit.baud", "96OO", BAUD),
                arguments("gpio.relay.pin", "-1", PIN), arguments("gpio.relay.pin", "28", PIN),
                arguments("gpio.relay.pin", "17.0", PIN), arguments("gpio.relay.pin", "GPIO17", PIN),
                arguments("gpio.relay.pin", "99999999999", PIN),
                arguments("gpio.door.pin", "40", PIN), arguments("gpio.rex.pin", "x", PIN),
                arguments("gpio.buzzer.pin", "28", PIN), arguments("gpio.led.green.pin", "100", PIN),
                arguments("gpio.led.red.pin", "", PIN),
                arguments("gpio.relay.activeHigh", "yes", BOOL), arguments("gpio.relay.activeHigh", "TRUE", BOOL),
                arguments("gpio.relay.activeHigh", "1", BOOL),
                arguments("gpio.door.openLevel", "HIGH", "high or low"),
                arguments("gpio.door.openLevel", "open", "high or low"),
                arguments("gpio.provider", "wiringpi", "auto, pigpio, gpiod or mock"),
                arguments("door.twoPersonRule", "yes", BOOL), arguments("door.twoPersonRule", "2", BOOL),
                arguments("door.antiPassback", "HARD", "off, soft or hard"),
                arguments("door.antiPassback", "strict", "off, soft or hard"),
                arguments("door.antiPassback", "", "off, soft or hard"),
                arguments("timing.strikeSeconds", "0", "a whole number of seconds from 1 to 60"),
                arguments("timing.strikeSeconds", "61", "a whole number of seconds from 1 to 60"),
                arguments("timing.strikeSeconds", "abc", "a whole number of seconds from 1 to 60"),
                arguments("timing.strikeSeconds", "1.5", "a whole number of seconds from 1 to 60"),
                arguments("timing.strikeSeconds", "5s", "a whole number of seconds from 1 to 60"),
                arguments("timing.heldOpenSeconds", "0", "a whole number of seconds from 1 to 3600"),
                arguments("timing.heldOpenSeconds", "3601", "a whole number of seconds from 1 to 3600"),
                arguments("timing.escortWindowSeconds", "4", "a whole number of seconds from 5 to 300"),
                arguments("timing.escortWindowSeconds", "301", "a whole number of seconds from 5 to 300"),
                arguments("timing.repeatSuppressMillis", "-1", "a whole number of milliseconds from 0 to 10000"),
                arguments("timing.repeatSuppressMillis", "10001", "a whole number of milliseconds from 0 to 10000"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("refused")
    void refusesBadValue(String key, String value, String expected) {
        ConfigException e = ConfigFixture.daemon(dir).with(key, value).refuse(Profile.DAEMON);

        assertEquals(key, e.key());
        assertEquals(value, e.value());
        assertEquals(expected, e.expected());
        assertTrue(e.getMessage().startsWith(key + " = \"" + value + "\": "), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected " + expected), e.getMessage());
        assertEquals(1, e.problems().size(), e.problems().toString());
    }

    @Test
    void messageHasTheContractsShape() {
        ConfigException e = ConfigFixture.daemon(dir).with("timing.strikeSeconds", "abc").refuse(Profile.DAEMON);

        assertEquals("timing.strikeSeconds = \"abc\": expected a whole number of seconds from 1 to 60", e.getMessage());
    }

    @Test
    void mqttUrlGetsItsSchemesStandardPortWrittenOut() throws ConfigException {
        assertEquals("tcp://broker:1883",
                ConfigFixture.daemon(dir).with("mqtt.url", "tcp://broker").load(Profile.DAEMON).mqttUrl().orElseThrow());
        ControllerConfig ssl = ConfigFixture.daemon(dir).with("mqtt.url", "ssl://broker").load(Profile.DAEMON);
        assertEquals("ssl://broker:8883", ssl.mqttUrl().orElseThrow());
        assertTrue(ssl.mqttUsesTls());
    }

    @Test
    void credentialsInTheMqttUrlAreRefusedWithoutBeingShown() {
        ConfigException e = ConfigFixture.daemon(dir).with("mqtt.url", "tcp://door:hunter2@broker:1883")
                .refuse(Profile.DAEMON);

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.value().contains("hunter2"), e.value());
        assertEquals("mqtt.url = \"tcp://********@broker:1883\": a user name or password in the URL; "
                + "use mqtt.username and mqtt.passwordFile; expected " + URL, e.getMessage());
    }

    @Test
    void dbPathMayNotExistYetButMayNotBeADirectory() throws Exception {
        Path db = dir.resolve("data/door.db");
        assertEquals(db, ConfigFixture.daemon(dir).with("db.path", db.toString()).load(Profile.DAEMON).dbPath());

        ConfigException e = ConfigFixture.daemon(dir).with("db.path", dir.toString()).refuse(Profile.DAEMON);
        assertEquals("db.path = \"" + dir + "\": is a directory; expected the path of a file (created if missing)",
                e.getMessage());
    }

    static Stream<String> fileKeys() {
        return Stream.of("mqtt.passwordFile", "mqtt.tls.caFile", "mqtt.tls.certFile", "mqtt.tls.keyFile");
    }

    /** The file keys need each other (certificate with key, password with user name) to be accepted. */
    private ConfigFixture withAllFileKeys() {
        return ConfigFixture.daemon(dir)
                .with("mqtt.url", "ssl://broker:8883")
                .with("mqtt.username", "door-1")
                .with("mqtt.passwordFile", ConfigFixture.file(dir, "password", "s3cret").toString())
                .with("mqtt.tls.caFile", ConfigFixture.file(dir, "ca.pem", "CA").toString())
                .with("mqtt.tls.certFile", ConfigFixture.file(dir, "door.pem", "CERT").toString())
                .with("mqtt.tls.keyFile", ConfigFixture.file(dir, "door.key", "KEY").toString());
    }

    @Test
    void fileKeysAcceptReadableRegularFiles() throws ConfigException {
        ControllerConfig config = withAllFileKeys().load(Profile.DAEMON);

        assertEquals(dir.resolve("password"), config.mqttPasswordFile().orElseThrow());
        assertEquals(dir.resolve("ca.pem"), config.mqttTlsCaFile().orElseThrow());
        assertEquals(dir.resolve("door.pem"), config.mqttTlsCertFile().orElseThrow());
        assertEquals(dir.resolve("door.key"), config.mqttTlsKeyFile().orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("fileKeys")
    void fileKeysRefuseAMissingFile(String key) {
        Path missing = dir.resolve("missing");
        ConfigException e = withAllFileKeys().with(key, missing.toString()).refuse(Profile.DAEMON);

        assertEquals(key + " = \"" + missing + "\": no such file; expected the path of a readable regular file",
                e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("fileKeys")
    void fileKeysRefuseADirectory(String key) {
        ConfigException e = withAllFileKeys().with(key, dir.toString()).refuse(Profile.DAEMON);

        assertEquals(key + " = \"" + dir + "\": is a directory; expected the path of a readable regular file",
                e.getMessage());
    }

    @Test
    void fileKeysRefuseAnUnreadableFile() throws Exception {
        Path password = ConfigFixture.file(dir, "unreadable", "s3cret");
        assertTrue(password.toFile().setReadable(false, false));
        // The superuser reads everything; the check cannot fail then.
        assumeFalse(Files.isReadable(password), "running as the superuser");

        ConfigException e = withAllFileKeys().with("mqtt.passwordFile", password.toString()).refuse(Profile.DAEMON);
        assertEquals("mqtt.passwordFile = \"" + password + "\": not readable by this user; "
                + "expected the path of a readable regular file", e.getMessage());
    }

    @Test
    void passwordFileContentsNeverAppearInMessages() {
        ConfigException e = withAllFileKeys().without("mqtt.username").refuse(Profile.DAEMON);

        assertEquals("mqtt.passwordFile", e.key());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    static Stream<Arguments> simulatorPorts() {
        return Stream.of(arguments("sim.http.port", "0"), arguments("sim.http.port", "65536"),
                arguments("sim.broker.port", "-1"), arguments("sim.broker.port", "http"));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @MethodSource("simulatorPorts")
    void simulatorPortsRefuseOutOfRange(String key, String value) {
        ConfigException e = ConfigFixture.empty(dir).with(key, value).refuse(Profile.SIMULATOR);

        assertEquals(key + " = \"" + value + "\": expected " + PORT, e.getMessage());
    }

    @Test
    void simulatorPortsAcceptTheirRange() throws ConfigException {
        ControllerConfig config = ConfigFixture.empty(dir).with("sim.http.port", "1").with("sim.broker.port", "65535")
                .load(Profile.SIMULATOR);

        assertEquals(1, config.simHttpPort());
        assertEquals(65535, config.simBrokerPort());
    }

    private static String lineOf(ControllerConfig config, String key) {
        return ConfigPrinter.lines(config).stream().filter(line -> line.startsWith(key + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no line for " + key));
    }
}
