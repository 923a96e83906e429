package org.accessctl.sim;

import com.pi4j.context.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.accessctl.app.DoorService;
import org.accessctl.audit.UnreadableLogException;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.config.ReaderSettings;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.gpio.GpioPins;
import org.accessctl.serial.BadgeFormat;
import org.accessctl.sim.broker.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller wired to simulated hardware: a pseudo-terminal per badge reader, Pi4J's mock
 * pins, an embedded broker unless {@code mqtt.url} names one, and the HTTP control API. Only
 * what touches hardware is replaced; the door itself is the daemon's own {@link DoorService}.
 */
public final class SimulatedDoor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedDoor.class);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final SimClock clock = new SimClock(Clock.systemDefaultZone());
    private ControllerConfig config;
    private SimulatedReader entry;
    private SimulatedReader exit;
    private EmbeddedBroker broker;
    private String brokerUrl;
    private Context gpio;
    private DoorService service;
    private SimulatedPins pins;
    private SimHttpApi http;
    private PanelFeed panel;

    private SimulatedDoor() {
    }

    /**
     * Starts a simulated door.
     *
     * @param configFile the simulator's configuration, or null for the defaults
     * @param system {@code -D} overrides (normally {@link System#getProperties()})
     */
    public static SimulatedDoor start(Path configFile, Properties system) throws ConfigException, IOException {
        return start(configFile, system, () -> log.error("the door loop stopped after a fatal error"));
    }

    /** @param onFatal what to do if the door loop dies: the simulator program exits */
    public static SimulatedDoor start(Path configFile, Properties system, Runnable onFatal)
            throws ConfigException, IOException {
        SimulatedDoor door = new SimulatedDoor();
        try {
            door.startParts(configFile, system, onFatal);
            return door;
        } catch (ConfigException | IOException | RuntimeException e) {
            door.close();
            throw e;
        }
    }

    private void startParts(Path configFile, Properties system, Runnable onFatal) throws ConfigException, IOException {
        ControllerConfig asGiven = load(configFile, system);
        if (!GpioContexts.MOCK.equals(asGiven.gpioProvider())) {
            log.warn("gpio.provider={} ignored: the simulator always uses Pi4J's mock pins", asGiven.gpioProvider());
        }

        // The simulator owns its serial lines: each reader is a fresh pseudo-terminal.
        entry = track(SimulatedReader.open("entry", asGiven.entryReader().format()));
        exit = track(SimulatedReader.open("exit", exitFormat(asGiven)));
        Properties overrides = new Properties();
        overrides.putAll(system);
        overrides.setProperty("reader.entry.port", entry.devicePath());
        overrides.setProperty("reader.exit.port", exit.devicePath());
        overrides.setProperty("gpio.provider", GpioContexts.MOCK);

        if (asGiven.mqttUrl().isEmpty()) {
            broker = track(new EmbeddedBroker("127.0.0.1", asGiven.simBrokerPort()));
            PortInUse.bind("sim.broker.port", asGiven.simBrokerPort(),
                    "another simulator or an MQTT broker; or set mqtt.url to use that broker", () -> {
                        broker.start();
                        return null;
                    });
            overrides.setProperty("mqtt.url", "tcp://127.0.0.1:" + broker.port());
        }
        config = load(configFile, overrides);
        brokerUrl = config.mqttUrl().orElseThrow();

        gpio = GpioContexts.create(GpioContexts.MOCK);
        service = DoorService.start(config, clock, clock, gpio, onFatal);
        pins = new SimulatedPins(gpio, new GpioPins(config.gpioRelayPin(), config.gpioRelayActiveHigh(),
                config.gpioDoorPin(), config.gpioDoorOpenHigh(), config.gpioRexPin(), config.gpioBuzzerPin(),
                config.gpioLedGreenPin(), config.gpioLedRedPin(), GpioPins.DEFAULT_REX_DEBOUNCE));
        pins.settle();

        try {
            panel = new PanelFeed(List.of(this));
        } catch (UnreadableLogException e) {
            throw new IOException("the panel cannot read the door's database: " + e.getMessage(), e);
        }
        http = PortInUse.bind("sim.http.port", config.simHttpPort(), "another simulator or web server",
                () -> new SimHttpApi(this, panel, config.simHttpPort()));
        panel.start();
        http.start();
        log.info("simulator ready: panel http://127.0.0.1:{}/  broker {}  entry reader {}  exit reader {}",
                http.port(), brokerUrl, entry.devicePath(), exit.devicePath());
    }

    private static ControllerConfig load(Path file, Properties props) throws ConfigException {
        return file == null ? ConfigLoader.loadWithoutFile(props, Profile.SIMULATOR)
                : ConfigLoader.load(file, props, Profile.SIMULATOR);
    }

    /** The exit reader's format: as configured, else the entry reader's. */
    private static BadgeFormat exitFormat(ControllerConfig c) {
        return c.exitReader().map(ReaderSettings::format).orElse(c.entryReader().format());
    }

    private <T extends AutoCloseable> T track(T part) {
        toClose.add(part);
        return part;
    }

    public ControllerConfig config() {
        return config;
    }

    public SimClock clock() {
        return clock;
    }

    public SimulatedPins pins() {
        return pins;
    }

    public DoorService service() {
        return service;
    }

    /** The reader named {@code entry} or {@code exit}, or null. */
    public SimulatedReader reader(String name) {
        return switch (name) {
            case "entry" -> entry;
            case "exit" -> exit;
            default -> null;
        };
    }

    public int httpPort() {
        return http.port();
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (panel != null) {
            panel.close();
        }
        if (service != null) {
            service.close();
        }
        if (gpio != null) {
            gpio.shutdown();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", toClose.get(i), e.getMessage());
            }
        }
    }
}
