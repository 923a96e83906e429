package org.accessctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check-config command: exit status, printout on standard output, one line on standard error. */
class CheckConfigTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Profile profile, Properties systemProperties, String... args) {
        return CheckConfig.run(List.of(args), systemProperties, profile,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> stdout() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> stderr() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aGoodFilePrintsTheEffectiveConfigurationAndExitsZero() {
        Path file = ConfigFixture.daemon(dir).with("door.id", "cage-7").write();

        assertEquals(CheckConfig.OK, run(Profile.DAEMON, new Properties(), "--config", file.toString()));

        assertEquals(List.of(), stderr());
        assertEquals("# effective configuration of the daemon, from " + file, stdout().get(0));
        assertTrue(stdout().contains("door.id                      = cage-7  # file"), stdout().toString());
    }

    @Test
    void theEqualsFormOfTheOptionWorks() {
        Path file = ConfigFixture.daemon(dir).write();

        assertEquals(CheckConfig.OK, run(Profile.DAEMON, new Properties(), "--config=" + file));
    }

    @Test
    void systemPropertiesOverrideInTheCheckToo() {
        Path file = ConfigFixture.daemon(dir).write();
        Properties overrides = new Properties();
        overrides.setProperty("door.id", "from-d");

        assertEquals(CheckConfig.OK, run(Profile.DAEMON, overrides, "--config", file.toString()));
        assertTrue(stdout().contains("door.id                      = from-d  # -D"), stdout().toString());
    }

    @Test
    void aBadFileExitsTwoWithOneLineOnStandardError() {
        Path file = ConfigFixture.daemon(dir).with("timing.strikeSeconds", "abc").with("gpio.rex.pin", "x").write();

        assertEquals(CheckConfig.BAD_CONFIGURATION, run(Profile.DAEMON, new Properties(), "--config", file.toString()));

        assertEquals(List.of("gpio.rex.pin = \"x\": expected a BCM GPIO number from 0 to 27 (and 1 more problem)"),
                stderr());
        assertEquals(List.of(), stdout());
    }

    @Test
    void aMissingFileExitsTwo() {
        Path missing = dir.resolve("nope.properties");

        assertEquals(CheckConfig.BAD_CONFIGURATION, run(Profile.DAEMON, new Properties(), "--config", missing.toString()));

        assertEquals(List.of("configuration file " + missing + ": no such file"), stderr());
    }

    @Test
    void theDaemonsCheckNeedsAFile() {
        assertEquals(CheckConfig.BAD_CONFIGURATION, run(Profile.DAEMON, new Properties()));

        assertEquals(List.of("no configuration file given; usage: check-config --config FILE"), stderr());
    }

    @Test
    void misuseExitsTwoWithUsage() {
        assertEquals(CheckConfig.BAD_CONFIGURATION, run(Profile.DAEMON, new Properties(), "--config"));
        assertEquals(CheckConfig.BAD_CONFIGURATION, run(Profile.DAEMON, new Properties(), "--verbose"));

        assertEquals(List.of("--config needs a file; usage: check-config --config FILE",
                "unknown argument --verbose; usage: check-config --config FILE"), stderr());
    }

    @Test
    void theSimulatorsCheckRunsWithoutAFile() {
        assertEquals(CheckConfig.OK, run(Profile.SIMULATOR, new Properties()));

        assertEquals("# effective configuration of the simulator, without a file", stdout().get(0));
        assertTrue(stdout().contains("db.path                      = ./sim-data/door.db  # default"), stdout().toString());
    }

    @Test
    void theDaemonRefusesMockPinsAndPointsToTheSimulator() {
        Path file = ConfigFixture.daemon(dir).with("gpio.provider", "mock").write();

        assertEquals(CheckConfig.BAD_CONFIGURATION, run(Profile.DAEMON, new Properties(), "--config", file.toString()));

        assertEquals(List.of("gpio.provider = \"mock\": mock pins drive no hardware and are for the simulator only;"
                + " to try the controller without a Raspberry Pi run java -jar door-sim.jar;"
                + " expected auto, pigpio or gpiod"), stderr());
    }

    @Test
    void theSimulatorTakesMockPins() {
        Path file = ConfigFixture.daemon(dir).with("gpio.provider", "mock").write();

        assertEquals(CheckConfig.OK, run(Profile.SIMULATOR, new Properties(), "--config", file.toString()));
    }
}
