package org.accessctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules between keys. */
class CrossChecksTest {

    @TempDir
    Path dir;

    @Test
    void twoExplicitPinsOnOneGpioAreRefusedNamingBothKeys() {
        ConfigException e = ConfigFixture.daemon(dir)
                .with("gpio.buzzer.pin", "5").with("gpio.led.red.pin", "5")
                .refuse(Profile.DAEMON);

        assertEquals("gpio.led.red.pin = \"5\": GPIO 5 is also gpio.buzzer.pin; expected a GPIO no other gpio.*.pin uses",
                e.getMessage());
    }

    @Test
    void aPinClashingWithADefaultBlamesTheLineTheUserWrote() {
        ConfigException e = ConfigFixture.daemon(dir).with("gpio.relay.pin", "27").refuse(Profile.DAEMON);

        assertEquals("gpio.relay.pin = \"27\": GPIO 27 is also gpio.door.pin (by default);"
                + " expected a GPIO no other gpio.*.pin uses", e.getMessage());
    }

    @Test
    void everyPinClashIsReported() {
        ConfigException e = ConfigFixture.daemon(dir)
                .with("gpio.relay.pin", "4").with("gpio.door.pin", "4").with("gpio.rex.pin", "4")
                .refuse(Profile.DAEMON);

        assertEquals(List.of("gpio.door.pin", "gpio.rex.pin"), e.problems().stream().map(ConfigProblem::key).toList());
        assertTrue(e.problems().get(1).message().contains("GPIO 4 is also gpio.relay.pin"), e.problems().toString());
    }

    @Test
    void pinsMayBeRearranged() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("gpio.relay.pin", "27").with("gpio.door.pin", "17")
                .load(Profile.DAEMON);

        assertEquals(27, config.gpioRelayPin());
        assertEquals(17, config.gpioDoorPin());
    }

    @Test
    void aPinOutOfRangeIsReportedOnceAndNotComparedWithTheOthers() {
        ConfigException e = ConfigFixture.daemon(dir).with("gpio.rex.pin", "99").refuse(Profile.DAEMON);

        assertEquals(1, e.problems().size(), e.problems().toString());
    }

    @Test
    void heldOpenShorterThanTheStrikeIsRefused() {
        ConfigException e = ConfigFixture.daemon(dir).with("timing.heldOpenSeconds", "3").refuse(Profile.DAEMON);

        assertEquals("timing.heldOpenSeconds = \"3\": shorter than timing.strikeSeconds (5);"
                + " expected at least timing.strikeSeconds", e.getMessage());
    }

    @Test
    void aStrikeLongerThanTheDefaultHeldOpenBlamesTheStrike() {
        ConfigException e = ConfigFixture.daemon(dir).with("timing.strikeSeconds", "45").refuse(Profile.DAEMON);

        assertEquals("timing.strikeSeconds = \"45\": longer than timing.heldOpenSeconds (30, the default);"
                + " expected at most timing.heldOpenSeconds", e.getMessage());
    }

    @Test
    void heldOpenEqualToTheStrikeIsAccepted() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("timing.strikeSeconds", "10").with("timing.heldOpenSeconds", "10")
                .load(Profile.DAEMON);

        assertEquals(Duration.ofSeconds(10), config.heldOpenTime());
    }

    @Test
    void aDirectoryKeyFileWithoutUsableKeysIsRefusedNamingTheLine() throws ConfigException {
        Path bad = ConfigFixture.file(dir, "bad.keys", "# the directory\ndirectory-1 not-a-key\n");
        ConfigException e = ConfigFixture.daemon(dir).with("records.directoryKeys", bad.toString()).refuse(Profile.DAEMON);
        assertTrue(e.getMessage().contains("line 2: not base64 of an Ed25519 public key"), e.getMessage());

        Path empty = ConfigFixture.file(dir, "empty.keys", "# nothing yet\n");
        e = ConfigFixture.daemon(dir).with("records.directoryKeys", empty.toString()).refuse(Profile.DAEMON);
        assertTrue(e.getMessage().contains("holds no key"), e.getMessage());

        Path good = ConfigFixture.file(dir, "good.keys",
                "directory-1 MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n");
        assertEquals(good, ConfigFixture.daemon(dir).with("records.directoryKeys", good.toString())
                .load(Profile.DAEMON).recordsDirectoryKeys().orElseThrow());
    }

    @Test
    void tlsFilesWithAPlainBrokerAreRefused() {
        Path ca = ConfigFixture.file(dir, "ca.pem", "CA");

        ConfigException e = ConfigFixture.daemon(dir).with("mqtt.tls.caFile", ca.toString()).refuse(Profile.DAEMON);

        assertEquals("mqtt.tls.caFile = \"" + ca + "\": mqtt.url is not an ssl:// URL;"
                + " expected mqtt.tls.* only with an ssl:// mqtt.url", e.getMessage());
    }

    @Test
    void tlsFilesWithTheSimulatorsOwnBrokerAreRefused() {
        Path ca = ConfigFixture.file(dir, "ca.pem", "CA");

        ConfigException e = ConfigFixture.empty(dir).with("mqtt.tls.caFile", ca.toString()).refuse(Profile.SIMULATOR);

        assertEquals("mqtt.tls.caFile = \"" + ca + "\": mqtt.url is not set;"
                + " expected mqtt.tls.* only with an ssl:// mqtt.url", e.getMessage());
    }

    @Test
    void aCaFileAloneIsEnoughForTls() throws ConfigException {
        Path ca = ConfigFixture.file(dir, "ca.pem", "CA");

        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("mqtt.url", "ssl://broker").with("mqtt.tls.caFile", ca.toString())
                .load(Profile.DAEMON);

        assertEquals(ca, config.mqttTlsCaFile().orElseThrow());
        assertTrue(config.mqttTlsCertFile().isEmpty());
    }

    @Test
    void aClientCertificateWithoutItsKeyIsRefused() {
        Path cert = ConfigFixture.file(dir, "door.pem", "CERT");

        ConfigException e = ConfigFixture.daemon(dir)
                .with("mqtt.url", "ssl://broker").with("mqtt.tls.certFile", cert.toString())
                .refuse(Profile.DAEMON);

        assertEquals("mqtt.tls.certFile = \"" + cert + "\": mqtt.tls.keyFile is not set;"
                + " expected a client certificate together with its key", e.getMessage());
    }

    @Test
    void aClientKeyWithoutItsCertificateIsRefused() {
        Path key = ConfigFixture.file(dir, "door.key", "KEY");

        ConfigException e = ConfigFixture.daemon(dir)
                .with("mqtt.url", "ssl://broker").with("mqtt.tls.keyFile", key.toString())
                .refuse(Profile.DAEMON);

        assertEquals("mqtt.tls.keyFile = \"" + key + "\": mqtt.tls.certFile is not set;"
                + " expected a client key together with its certificate", e.getMessage());
    }

    @Test
    void aPasswordWithoutAUserNameIsRefused() {
        Path password = ConfigFixture.file(dir, "password", "s3cret");

        ConfigException e = ConfigFixture.daemon(dir).with("mqtt.passwordFile", password.toString())
                .refuse(Profile.DAEMON);

        assertEquals("mqtt.passwordFile = \"" + password + "\": mqtt.username is not set;"
                + " expected a password file only together with mqtt.username", e.getMessage());
    }

    @Test
    void aUserNameWithoutAPasswordIsAccepted() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir).with("mqtt.username", "door-1").load(Profile.DAEMON);

        assertEquals("door-1", config.mqttUsername().orElseThrow());
    }

    @Test
    void exitReaderSettingsWithoutItsPortAreRefused() {
        ConfigException e = ConfigFixture.daemon(dir).with("reader.exit.format", "id12").refuse(Profile.DAEMON);

        assertEquals("reader.exit.format = \"id12\": reader.exit.port is not set;"
                + " expected reader.exit.* settings only with reader.exit.port", e.getMessage());
    }

    @Test
    void exitReaderSettingsAreRefusedWhenADashDEmptiesThePort() {
        ConfigException e = ConfigFixture.daemon(dir)
                .with("reader.exit.port", "/dev/ttyUSB1").with("reader.exit.baud", "19200")
                .override("reader.exit.port", "")
                .refuse(Profile.DAEMON);

        assertEquals("reader.exit.baud", e.key());
    }

    @Test
    void bothReadersOnOneDeviceAreRefused() {
        ConfigException e = ConfigFixture.daemon(dir).with("reader.exit.port", "/dev/serial0").refuse(Profile.DAEMON);

        assertEquals("reader.exit.port = \"/dev/serial0\": also reader.entry.port (by default);"
                + " expected a serial device other than the entry reader's", e.getMessage());
    }

    @Test
    void simulatorServersOnOnePortAreRefused() {
        ConfigException e = ConfigFixture.empty(dir).with("sim.broker.port", "8080").refuse(Profile.SIMULATOR);

        assertEquals("sim.broker.port = \"8080\": also sim.http.port (by default);"
                + " expected a port other than sim.http.port", e.getMessage());
    }

    @Test
    void simulatorPortClashBlamesTheExplicitValue() {
        ConfigException e = ConfigFixture.empty(dir).with("sim.http.port", "1883").refuse(Profile.SIMULATOR);

        assertEquals("sim.http.port = \"1883\": also sim.broker.port (by default);"
                + " expected a port other than sim.broker.port", e.getMessage());
    }

    @Test
    void theTwoPersonRuleAndHardAntiPassbackNeedAnExitReader() {
        ConfigException e = ConfigFixture.daemon(dir).with("door.twoPersonRule", "true")
                .with("door.antiPassback", "hard").refuse(Profile.DAEMON);

        assertEquals(List.of("door.twoPersonRule = \"true\": reader.exit.port is not set, so nobody is seen leaving and"
                        + " the last one out would leave a lone_occupant alarm behind; expected true only with an exit"
                        + " reader (reader.exit.port)",
                "door.antiPassback = \"hard\": reader.exit.port is not set, so nobody is seen leaving and every staff"
                        + " badge would be refused after its first entry; expected off or soft without an exit reader"
                        + " (reader.exit.port)"),
                e.problems().stream().map(ConfigProblem::message).toList());
    }

    @Test
    void theRulesOfAHighSecurityRoomReachTheCoreWithAnExitReader() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir).with("reader.exit.port", "/dev/ttyUSB1")
                .with("door.twoPersonRule", "true").with("door.antiPassback", "hard").load(Profile.DAEMON);

        assertTrue(config.doorSettings().twoPersonRule());
        assertEquals(org.accessctl.core.AntiPassback.HARD, config.doorSettings().antiPassback());
    }

    @Test
    void bothRulesAreOffOrSoftByDefault() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir).load(Profile.DAEMON);

        assertEquals(false, config.doorSettings().twoPersonRule());
        assertEquals(org.accessctl.core.AntiPassback.SOFT, config.doorSettings().antiPassback());
    }
}
