package org.accessctl.sim;

import com.pi4j.context.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.accessctl.app.DoorService;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.ReaderSettings;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.gpio.GpioPins;
import org.accessctl.serial.BadgeFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated door: the daemon's own {@link DoorService} with a pseudo-terminal per badge
 * reader, a Pi4J mock context of its own for its pins, its own clock and its own database. The
 * broker and the HTTP API belong to the {@link SimulatedSite} it runs in, which may hold many
 * doors; nothing else is shared, so each door behaves as its own Pi would.
 */
public final class SimulatedDoor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedDoor.class);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final SimClock clock = new SimClock(Clock.systemDefaultZone());
    private final SimulatedSite site;
    private ControllerConfig config;
    private SimulatedReader entry;
    private SimulatedReader exit;
    private Context gpio;
    private DoorService service;
    private SimulatedPins pins;

    private SimulatedDoor(SimulatedSite site) {
        this.site = site;
    }

    /**
     * A one-door simulator (or, with {@code sim.doors}, a site whose first door this is): closing
     * the door closes the whole simulator.
     *
     * @param configFile the simulator's configuration, or null for the defaults
     * @param system {@code -D} overrides (normally {@link System#getProperties()})
     */
    public static SimulatedDoor start(Path configFile, Properties system) throws ConfigException, IOException {
        return SimulatedSite.start(configFile, system).doors().get(0);
    }

    /** @param onFatal what to do if a door loop dies: the simulator program exits */
    public static SimulatedDoor start(Path configFile, Properties system, Runnable onFatal)
            throws ConfigException, IOException {
        return SimulatedSite.start(configFile, system, onFatal).doors().get(0);
    }

    /**
     * Starts one door of {@code site}.
     *
     * @param settings the door's settings ({@code door.id}, {@code db.path}, {@code mqtt.url}
     *     among them); its reader ports and GPIO provider are set here
     */
    static SimulatedDoor open(SimulatedSite site, SimulatedSite.Loader loader, Properties settings, Runnable onFatal)
            throws ConfigException, IOException {
        SimulatedDoor door = new SimulatedDoor(site);
        try {
            door.startParts(loader, settings, onFatal);
            return door;
        } catch (ConfigException | IOException | RuntimeException e) {
            door.closeParts();
            throw e;
        }
    }

    private void startParts(SimulatedSite.Loader loader, Properties settings, Runnable onFatal)
            throws ConfigException, IOException {
        ControllerConfig asGiven = loader.load(settings);
        // The simulator owns its serial lines: each reader is a fresh pseudo-terminal.
        entry = track(SimulatedReader.open("entry", asGiven.entryReader().format()));
        exit = track(SimulatedReader.open("exit", exitFormat(asGiven)));
        Properties overrides = new Properties();
        overrides.putAll(settings);
        overrides.setProperty("reader.entry.port", entry.devicePath());
        overrides.setProperty("reader.exit.port", exit.devicePath());
        overrides.setProperty("gpio.provider", GpioContexts.MOCK);
        config = loader.load(overrides);

        // A mock context per door: its pins are its own, as on a Pi of its own.
        gpio = GpioContexts.create(GpioContexts.MOCK);
        service = DoorService.start(config, clock, clock, gpio, onFatal);
        pins = new SimulatedPins(gpio, new GpioPins(config.gpioRelayPin(), config.gpioRelayActiveHigh(),
                config.gpioDoorPin(), config.gpioDoorOpenHigh(), config.gpioRexPin(), config.gpioBuzzerPin(),
                config.gpioLedGreenPin(), config.gpioLedRedPin(), GpioPins.DEFAULT_REX_DEBOUNCE));
        pins.settle();
        log.info("simulated door {}: entry reader {}  exit reader {}  database {}", config.doorId(),
                entry.devicePath(), exit.devicePath(), config.dbPath());
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

    /** The door's id ({@code door.id}). */
    public String id() {
        return config.doorId();
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

    /** The simulator this door runs in. */
    public SimulatedSite site() {
        return site;
    }

    /** The reader named {@code entry} or {@code exit}, or null. */
    public SimulatedReader reader(String name) {
        return switch (name) {
            case "entry" -> entry;
            case "exit" -> exit;
            default -> null;
        };
    }

    /** The port of the simulator's HTTP API, shared by all its doors. */
    public int httpPort() {
        return site.httpPort();
    }

    /** The broker all the simulator's doors use. */
    public String brokerUrl() {
        return site.brokerUrl();
    }

    /** Closes the whole simulator this door runs in (for a one-door simulator: just this door). */
    @Override
    public void close() {
        site.close();
    }

    /** Stops this door alone: the controller first (the strike ends locked), then its hardware. */
    void closeParts() {
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
