package org.accessctl.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;
import org.accessctl.audit.UnreadableLogException;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.sim.broker.EmbeddedBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator program's world: one or more {@link SimulatedDoor}s, each its own controller,
 * sharing only the MQTT broker (the embedded one unless {@code mqtt.url} names another) and the
 * HTTP API with its panel. With {@code sim.doors} = N > 1 the doors are {@code door-1} …
 * {@code door-N}, each with its database in a directory of its own beside {@code db.path}.
 */
public final class SimulatedSite implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatedSite.class);

    private final List<SimulatedDoor> doors = new ArrayList<>();
    private EmbeddedBroker broker;
    private String brokerUrl;
    private SimHttpApi http;
    private PanelFeed panel;
    private boolean closed;

    /** Reads the simulator's configuration with the given overrides on top. */
    interface Loader {
        ControllerConfig load(Properties overrides) throws ConfigException;
    }

    private SimulatedSite() {
    }

    /** Starts the simulator as configured ({@code sim.doors} doors). */
    public static SimulatedSite start(Path configFile, Properties system) throws ConfigException, IOException {
        return start(configFile, system, () -> log.error("a door loop stopped after a fatal error"));
    }

    /** @param onFatal what to do if a door loop dies: the simulator program exits */
    public static SimulatedSite start(Path configFile, Properties system, Runnable onFatal)
            throws ConfigException, IOException {
        return start(configFile, system, Optional.empty(), onFatal);
    }

    /**
     * Starts the simulator with these doors (ignoring {@code sim.doors} and {@code door.id}): a
     * fleet spread over several processes names each process's doors itself, so that no two
     * processes run a door of the same id.
     */
    public static SimulatedSite start(Path configFile, Properties system, List<String> doorIds, Runnable onFatal)
            throws ConfigException, IOException {
        return start(configFile, system, Optional.of(List.copyOf(doorIds)), onFatal);
    }

    private static SimulatedSite start(Path configFile, Properties system, Optional<List<String>> doorIds,
                                       Runnable onFatal) throws ConfigException, IOException {
        SimulatedSite site = new SimulatedSite();
        try {
            site.startParts(configFile, system, doorIds, onFatal);
            return site;
        } catch (ConfigException | IOException | RuntimeException e) {
            site.close();
            throw e;
        }
    }

    private void startParts(Path configFile, Properties system, Optional<List<String>> doorIds, Runnable onFatal)
            throws ConfigException, IOException {
        Loader loader = overrides -> configFile == null ? ConfigLoader.loadWithoutFile(overrides, Profile.SIMULATOR)
                : ConfigLoader.load(configFile, overrides, Profile.SIMULATOR);
        ControllerConfig asGiven = loader.load(system);
        if (!GpioContexts.MOCK.equals(asGiven.gpioProvider())) {
            log.warn("gpio.provider={} ignored: the simulator always uses Pi4J's mock pins", asGiven.gpioProvider());
        }
        Properties shared = new Properties();
        shared.putAll(system);
        if (asGiven.mqttUrl().isEmpty()) {
            broker = new EmbeddedBroker("127.0.0.1", asGiven.simBrokerPort());
            PortInUse.bind("sim.broker.port", asGiven.simBrokerPort(),
                    "another simulator or an MQTT broker; or set mqtt.url to use that broker", () -> {
                        broker.start();
                        return null;
                    });
            shared.setProperty("mqtt.url", "tcp://127.0.0.1:" + broker.port());
        }
        brokerUrl = shared.getProperty("mqtt.url", asGiven.mqttUrl().orElse(null));

        List<String> ids = doorIds.orElseGet(() -> asGiven.simDoors() == 1 ? List.of(asGiven.doorId())
                : IntStream.rangeClosed(1, asGiven.simDoors()).mapToObj(i -> "door-" + i).toList());
        boolean several = doorIds.isPresent() || ids.size() > 1;
        for (String id : ids) {
            Properties settings = new Properties();
            settings.putAll(shared);
            if (several) {
                settings.setProperty("door.id", id);
                settings.setProperty("db.path", doorDatabase(asGiven.dbPath(), id).toString());
            }
            doors.add(SimulatedDoor.open(this, loader, settings, onFatal));
        }

        try {
            panel = new PanelFeed(doors);
        } catch (UnreadableLogException e) {
            throw new IOException("the panel cannot read a door's database: " + e.getMessage(), e);
        }
        http = PortInUse.bind("sim.http.port", asGiven.simHttpPort(), "another simulator or web server",
                () -> new SimHttpApi(this, panel, asGiven.simHttpPort()));
        panel.start();
        http.start();
        log.info("simulator ready: {} door(s), panel http://127.0.0.1:{}/  broker {}", doors.size(), http.port(),
                brokerUrl);
    }

    /**
     * Where a door of a several-door simulator keeps its database: a directory named after the
     * door beside the configured file, so each door's database, write-ahead log and record
     * spool are its own ({@code sim-data/door.db} → {@code sim-data/door-2/door.db}).
     */
    static Path doorDatabase(Path configured, String doorId) {
        Path parent = configured.toAbsolutePath().getParent();
        return parent.resolve(doorId).resolve(configured.getFileName());
    }

    /** Every door, in order; the first is the one the plain API paths address. */
    public List<SimulatedDoor> doors() {
        return List.copyOf(doors);
    }

    /** The door with this id, if the simulator runs it. */
    public Optional<SimulatedDoor> door(String id) {
        return doors.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public int httpPort() {
        return http.port();
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.close();
        }
        if (panel != null) {
            panel.close();
        }
        // Doors one after the other: each ends with its strike locked.
        for (int i = doors.size() - 1; i >= 0; i--) {
            doors.get(i).closeParts();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
