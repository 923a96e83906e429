package org.accessctl.app;

import com.pi4j.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.accessctl.command.CommandVerifier;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.ReaderSettings;
import org.accessctl.core.Door;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.ElapsedTime;
import org.accessctl.core.Input;
import org.accessctl.core.ReaderSide;
import org.accessctl.gpio.DoorIo;
import org.accessctl.gpio.GpioPins;
import org.accessctl.gpio.Pi4jDoorIo;
import org.accessctl.mqtt.BrokerCredentialException;
import org.accessctl.mqtt.BrokerSecurity;
import org.accessctl.mqtt.EventOutbox;
import org.accessctl.mqtt.MqttLink;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.mqtt.StateCodec;
import org.accessctl.mqtt.TlsFiles;
import org.accessctl.mqtt.Topics;
import org.accessctl.serial.RepeatFilter;
import org.accessctl.serial.SerialBadgeReader;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;
import org.accessctl.store.DoorMemoryStore;
import org.accessctl.store.LocalDirectory;
import org.accessctl.store.PersonStore;
import org.accessctl.store.SeenCommands;
import org.accessctl.store.SyncMarks;
import org.accessctl.store.VisitStore;
import org.accessctl.store.RecordedEvent;
import org.accessctl.systemd.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running door: the controller's parts wired together from a validated configuration. The
 * order matters: the pins come first (the strike is locked before anything else can happen),
 * then the database, the door loop, the badge readers, and last the broker link. Closing runs
 * the other way round and ends with the strike locked.
 *
 * <p>The daemon and the simulator both run this; they differ only in the GPIO context and the
 * serial devices they hand in.
 */
public final class DoorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DoorService.class);
    private static final Duration DRAIN_ON_STOP = Duration.ofSeconds(3);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Clock clock;
    private final ElapsedTime elapsed;
    private ServiceManager manager = ServiceManager.NONE;
    private DoorLoop loop;
    private EventLog eventLog;
    private EventOutbox outbox;
    private MqttLink link;
    private final List<SerialBadgeReader> readers = new ArrayList<>();
    /** Bytes of broker messages waiting for the door loop, at most. */
    static final int INTAKE_BUDGET = 4 * 1024 * 1024;
    private final Semaphore intakeRoom = new Semaphore(INTAKE_BUDGET);
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "housekeeping");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private DoorService(Clock clock, ElapsedTime elapsed) {
        this.clock = clock;
        this.elapsed = elapsed;
    }

    /** Starts the door on the JVM's monotonic clock for durations. */
    public static DoorService start(ControllerConfig config, Clock clock, Context gpio, Runnable onFatal) {
        return start(config, clock, ElapsedTime.SYSTEM, gpio, onFatal);
    }

    /** Starts the door without a service manager to tell. */
    public static DoorService start(ControllerConfig config, Clock clock, ElapsedTime elapsed, Context gpio,
                                    Runnable onFatal) {
        return start(config, clock, elapsed, gpio, ServiceManager.NONE, onFatal);
    }

    /**
     * Starts the door. On failure everything already started is closed and the strike is locked.
     *
     * @param clock the date: events, visit windows, command expiry
     * @param elapsed durations: strike, held-open, debounce, escort window, repeat suppression
     * @param manager told when the door is ready, fed the watchdog from the door loop, and
     *     given a status line
     * @param onFatal called if the door loop dies (a fatal error): the daemon exits so that its
     *     supervisor restarts it, rather than run on as a door that answers nothing
     */
    public static DoorService start(ControllerConfig config, Clock clock, ElapsedTime elapsed, Context gpio,
                                    ServiceManager manager, Runnable onFatal) {
        DoorService service = new DoorService(clock, elapsed);
        try {
            service.startParts(config, gpio, manager, onFatal);
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    private void startParts(ControllerConfig config, Context gpio, ServiceManager manager, Runnable onFatal) {
        this.manager = manager;
        DoorIo io = new Pi4jDoorIo(gpio, pins(config), elapsed);
        toClose.add(io);

        Database loopDb = Database.open(config.dbPath());
        toClose.add(loopDb);
        PersonStore persons = new PersonStore(loopDb);
        VisitStore visits = new VisitStore(loopDb);
        eventLog = new EventLog(loopDb, config.siteId(), config.doorId(), clock.getZone());
        Door door = new Door(config.doorSettings().withClockFloor(Version.buildTime()),
                new LocalDirectory(persons, visits), clock, elapsed, io.doorOpen(), DoorMemoryStore.load(loopDb));

        Topics topics = new Topics(config.mqttTopicPrefix(), config.siteId(), config.doorId());
        SyncMarks syncMarks = new SyncMarks(loopDb);
        Reconciliation reconciliation = new Reconciliation(syncMarks);
        RecordIntake intake = new RecordIntake(topics, persons, visits, syncMarks, reconciliation);
        SeenCommands seenCommands = new SeenCommands(loopDb);
        CommandIntake commands = new CommandIntake(
                new CommandVerifier(config.doorId(), clock, persons::personById, seenCommands), door);
        Optional<String> url = config.mqttUrl();

        loop = new DoorLoop(door, io, eventLog, clock, new DoorLoop.Listener() {
            @Override
            public void committed(List<RecordedEvent> events) {
                if (outbox != null) {
                    outbox.wake();
                }
                if (link != null) {
                    CommandResults.publish(events, link, topics);
                }
            }

            @Override
            public void stateChanged(DoorStatus status) {
                if (link != null) {
                    link.publishState(StateCodec.encode(status, clock.instant(), clock.getZone()));
                }
            }
        }, Version.current(), onFatal);

        if (url.isPresent()) {
            link = new MqttLink(mqttSettings(config, url.get()), topics,
                    new String[] {topics.personnelFilter(), topics.visitsFilter(), topics.commands()},
                    new MqttLink.Inbound() {
                        @Override
                        public void message(String topic, byte[] payload, boolean retained) {
                            int cost = intakeCost(topic, payload);
                            if (!awaitIntakeRoom(cost)) {
                                return; // closing: the next connect brings the record again
                            }
                            if (topic.equals(topics.commands())) {
                                loop.submit((Instant now) -> {
                                    try {
                                        return commands.apply(payload, retained, now);
                                    } finally {
                                        intakeRoom.release(cost);
                                    }
                                });
                            } else {
                                loop.submit((Instant now) -> {
                                    try {
                                        return intake.apply(topic, payload, now);
                                    } finally {
                                        intakeRoom.release(cost);
                                    }
                                });
                            }
                        }

                        @Override
                        public void connected() {
                            outbox.wake();
                        }

                        @Override
                        public void syncStarting(String mark) {
                            loop.submit((Instant now) -> {
                                reconciliation.start(mark);
                                return List.of();
                            });
                        }

                        @Override
                        public void syncMarker(String mark) {
                            loop.submit((Instant now) -> reconciliation.finish(mark, now));
                        }
                    });
            Database outboxDb = Database.open(config.dbPath());
            toClose.add(outboxDb);
            outbox = new EventOutbox(outboxDb, link);
        } else {
            log.warn("no mqtt.url: the door runs from its local copy and publishes nothing");
        }

        ServiceHeartbeat heartbeat = new ServiceHeartbeat(manager, this::mqttConnected, elapsed);
        loop.heartbeat(heartbeat);
        loop.start();
        // Command ids are kept until a day after they expire; forget older ones now and then.
        housekeeping.scheduleAtFixedRate(() -> loop.submit((Instant now) -> {
            int purged = seenCommands.purgeExpired(now);
            if (purged > 0) {
                log.info("forgot {} expired command ids", purged);
            }
            return List.of();
        }), 0, 1, TimeUnit.HOURS);
        DiskWatch disk = DiskWatch.of(config.dbPath());
        housekeeping.scheduleAtFixedRate(() -> loop.submit((Instant now) -> disk.check(now)), 0, 1, TimeUnit.MINUTES);
        startReader(ReaderSide.ENTRY, config.entryReader(), config);
        config.exitReader().ifPresent(r -> startReader(ReaderSide.EXIT, r, config));
        // Ready once the loop has locked the strike and runs, and the readers are listening: this
        // task runs on the loop thread, after controller_started.
        loop.submit((Instant now) -> {
            heartbeat.ready(door.status());
            return List.of();
        });
        if (link != null) {
            link.start();
            outbox.start();
        }
        log.info("door {}/{} started", config.siteId(), config.doorId());
    }

    private void startReader(ReaderSide side, ReaderSettings settings, ControllerConfig config) {
        String name = side == ReaderSide.ENTRY ? "entry" : "exit";
        SerialBadgeReader reader = new SerialBadgeReader(name, settings.port(), settings.baud(), settings.format(),
                new RepeatFilter(elapsed, config.repeatSuppress()), uid -> loop.submit(new Input.BadgeRead(side, uid)));
        readers.add(reader);
        reader.start();
    }

    static GpioPins pins(ControllerConfig c) {
        return new GpioPins(c.gpioRelayPin(), c.gpioRelayActiveHigh(), c.gpioDoorPin(), c.gpioDoorOpenHigh(),
                c.gpioRexPin(), c.gpioBuzzerPin(), c.gpioLedGreenPin(), c.gpioLedRedPin(), GpioPins.DEFAULT_REX_DEBOUNCE);
    }

    private static MqttSettings mqttSettings(ControllerConfig c, String url) {
        try {
            return MqttSettings.from(c, url, "door-" + c.siteId() + "-" + c.doorId());
        } catch (BrokerCredentialException e) {
            // The message names the key, the file and the problem, never the file's contents.
            throw new IllegalStateException("cannot set up the broker connection: " + e.getMessage(), e);
        }
    }

    /**
     * Waits, on Paho's thread, until the door loop has room for this message. A broker sends the
     * whole retained set at once after a subscribe, faster than records can be stored; waiting
     * here stops Paho reading the socket, so the broker waits instead of the heap filling up.
     * Badges and pins do not go through this: they never wait behind a sync.
     */
    private boolean awaitIntakeRoom(int cost) {
        try {
            while (!closed) {
                if (intakeRoom.tryAcquire(cost, 1, TimeUnit.SECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static int intakeCost(String topic, byte[] payload) {
        return (int) Math.min(INTAKE_BUDGET, payload.length + 2L * topic.length() + 256);
    }

    /** The door loop, for inputs from outside (the simulator's clock, tests). */
    public DoorLoop loop() {
        return loop;
    }

    /** True once the link to the broker is up (always false without {@code mqtt.url}). */
    public boolean mqttConnected() {
        return link != null && link.isConnected();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        manager.stopping();
        housekeeping.shutdownNow();
        for (SerialBadgeReader r : readers) {
            r.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (outbox != null) {
            drainOutbox();
            outbox.close();
        }
        if (link != null) {
            link.close();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", toClose.get(i), e.getMessage());
            }
        }
        log.info("door stopped; strike locked");
    }

    /** Gives the outbox a moment to send {@code controller_stopping}; what it cannot send waits in the log. */
    private void drainOutbox() {
        long target = eventLog == null ? 0 : eventLog.lastSeq();
        long deadline = System.nanoTime() + DRAIN_ON_STOP.toNanos();
        while (link.isConnected() && outbox.deliveredSeq() < target && System.nanoTime() < deadline) {
            outbox.wake();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
