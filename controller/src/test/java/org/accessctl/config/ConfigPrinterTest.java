package org.accessctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrinterTest {

    @TempDir
    Path dir;

    @Test
    void printsEveryDaemonKeySortedWithItsSource() throws ConfigException {
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("door.id", "cage-7").override("timing.strikeSeconds", "9")
                .load(Profile.DAEMON);

        List<String> lines = ConfigPrinter.lines(config);

        List<String> keys = lines.stream().map(line -> line.substring(0, line.indexOf(' '))).toList();
        assertEquals(keys.stream().sorted().toList(), keys);
        assertEquals(ConfigSchema.ALL.stream().filter(s -> s.isReadBy(Profile.DAEMON)).count(), lines.size());
        assertFalse(keys.stream().anyMatch(key -> key.startsWith("sim.")), keys.toString());
        assertTrue(lines.contains("door.id                      = cage-7  # file"), lines.toString());
        assertTrue(lines.contains("timing.strikeSeconds         = 9  # -D"), lines.toString());
        assertTrue(lines.contains("site.id                      = main  # default"), lines.toString());
        assertTrue(lines.contains("reader.exit.port             =   # not set"), lines.toString());
        assertTrue(lines.contains("mqtt.url                     = " + ConfigFixture.BROKER + "  # file"),
                lines.toString());
    }

    @Test
    void printsTheSimulatorsKeys() throws ConfigException {
        List<String> lines = ConfigPrinter.lines(ConfigLoader.loadWithoutFile(new Properties(),
                Profile.SIMULATOR));

        assertTrue(lines.contains("sim.http.port                = 8080  # default"), lines.toString());
        assertTrue(lines.contains("gpio.provider                = mock  # default"), lines.toString());
        assertTrue(lines.contains("mqtt.url                     =   # not set"), lines.toString());
    }

    @Test
    void printsEffectiveValuesInTheirCanonicalForm() throws ConfigException {
        List<String> lines = ConfigPrinter.lines(ConfigFixture.daemon(dir)
                .with("mqtt.url", " ssl://broker ").with("reader.exit.port", "/dev/ttyUSB1")
                .with("reader.exit.format", "id12").load(Profile.DAEMON));

        assertTrue(lines.contains("mqtt.url                     = ssl://broker:8883  # file"), lines.toString());
        assertTrue(lines.contains("reader.exit.format           = id12  # file"), lines.toString());
    }

    @Test
    void anEmptiedValueSaysWhereItWasEmptied() throws ConfigException {
        List<String> lines = ConfigPrinter.lines(ConfigFixture.daemon(dir)
                .with("mqtt.username", "door-1").override("mqtt.username", "").load(Profile.DAEMON));

        assertTrue(lines.contains("mqtt.username                =   # not set (-D)"), lines.toString());
    }

    @Test
    void showsTheUserNameAndFilePathsButNeverFileContents() throws ConfigException {
        Path password = ConfigFixture.file(dir, "password", "s3cret-password");
        Path key = ConfigFixture.file(dir, "door.key", "-----BEGIN PRIVATE KEY-----");
        Path cert = ConfigFixture.file(dir, "door.pem", "-----BEGIN CERTIFICATE-----");
        ControllerConfig config = ConfigFixture.daemon(dir)
                .with("mqtt.url", "ssl://broker:8883")
                .with("mqtt.username", "door-1").with("mqtt.passwordFile", password.toString())
                .with("mqtt.tls.certFile", cert.toString()).with("mqtt.tls.keyFile", key.toString())
                .load(Profile.DAEMON);

        List<String> lines = ConfigPrinter.lines(config);
        String all = String.join("\n", lines);

        assertTrue(lines.contains("mqtt.username                = door-1  # file"), all);
        assertTrue(lines.contains("mqtt.passwordFile            = " + password + "  # file"), all);
        assertTrue(lines.contains("mqtt.tls.keyFile             = " + key + "  # file"), all);
        assertFalse(all.contains("s3cret"), all);
        assertFalse(all.contains("BEGIN"), all);
    }

    @Test
    void masksSecretValues() {
        // No key of today's schema is secret itself; this one stands for any that is added.
        Setting<String> secret = Setting.optional("mqtt.token", ValueTypes.text("a token"))
                .withSensitivity(Sensitivity.SECRET);
        Map<Setting<?>, EffectiveValue<?>> values = new LinkedHashMap<>();
        values.put(secret, new EffectiveValue<>(secret, "hunter2", "hunter2", Source.FILE));
        values.put(ConfigSchema.SITE_ID, new EffectiveValue<>(ConfigSchema.SITE_ID, "main", "main", Source.DEFAULT));

        List<String> lines = ConfigPrinter.lines(new ControllerConfig(Profile.DAEMON, values));

        assertEquals(List.of("mqtt.token = ********  # file", "site.id    = main  # default"), lines);
    }

    @Test
    void aSecretValueIsMaskedInMessagesToo() {
        Setting<String> secret = Setting.optional("mqtt.token", ValueTypes.text("a token"))
                .withSensitivity(Sensitivity.SECRET);

        ConfigProblem problem = ConfigProblem.badValue(secret, "hunter2\u0007", Source.FILE, "contains control characters");

        assertEquals("mqtt.token = \"********\": contains control characters; expected a token", problem.message());
    }
}
