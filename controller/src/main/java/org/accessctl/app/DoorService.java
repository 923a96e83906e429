package org.accessctl.app;

import com.pi4j.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Path;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.Event;
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
import org.accessctl.ha.HomeAssistantDiscovery;
import org.accessctl.mqtt.BrokerCredentialException;
import org.accessctl.mqtt.BrokerSecurity;
import org.accessctl.mqtt.EventOutbox;
import org.accessctl.mqtt.MqttLink;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.mqtt.PublishException;
import org.accessctl.mqtt.StateCodec;
import org.accessctl.mqtt.TlsFiles;
import org.accessctl.mqtt.Topics;
import org.accessctl.serial.RepeatFilter;
import org.accessctl.serial.SerialBadgeReader;
import org.accessctl.store.Database;
import org.accessctl.store.DeliveryMark;
import org.accessctl.store.EventLog;
import org.accessctl.store.DoorMemoryStore;
import org.accessctl.store.LocalDirectory;
import org.accessctl.config.DirectoryKeys;
import org.accessctl.records.RecordSignatures;
import org.accessctl.store.PersonStore;
import org.accessctl.store.RecordVersions;
import org.accessctl.store.ScheduleStore;
import org.accessctl.store.SeenCommands;
import org.accessctl.store.SyncMarks;
import org.accessctl.store.VisitStore;
import org.accessctl.systemd.ServiceManager;
import org.accessctl.threads.Scheduling;
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
    private RecordSpool spool;
    private final Housekeeping housekeeping = new Housekeeping();
    private volatile boolean closed;
    private final List<DoorLoop.Listener> observers = new CopyOnWriteArrayList<>();
    private volatile DoorStatus status;

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
        loopDb.leaveCheckpointsToOthers();
        toClose.add(loopDb);
        PersonStore persons = new PersonStore(loopDb);
        VisitStore visits = new VisitStore(loopDb);
        ScheduleStore schedules = new ScheduleStore(loopDb);
        eventLog = new EventLog(loopDb, config.siteId(), config.doorId(), clock.getZone());
        LocalDirectory directory = new LocalDirectory(persons, visits, schedules);
        Door door = new Door(config.doorSettings().withClockFloor(Version.buildTime()), directory, clock, elapsed,
                io.doorOpen(), DoorMemoryStore.load(loopDb));

        Topics topics = new Topics(config.mqttTopicPrefix(), config.siteId(), config.doorId());
        SyncMarks syncMarks = new SyncMarks(loopDb);
        Database linkDb = Database.open(config.dbPath()); // read on the link's thread only
        toClose.add(linkDb);
        ListedRecords listed = new ListedRecords(topics);
        Reconciliation reconciliation = new Reconciliation(syncMarks, new SyncMarks(linkDb), listed, topics,
                new Reconciliation.Link() {
            @Override
            public void confirm(String mark, java.util.function.Supplier<List<String>> unseen) {
                link.confirm(mark, unseen);
            }

            @Override
            public void synced(String mark) {
                try {
                    link.publish(topics.synced(), mark, true);
                } catch (PublishException | RuntimeException e) {
                    log.debug("sign of the sync not left at the broker: {}", e.getMessage());
                }
            }

            @Override
            public void onLinkThread(Runnable job) {
                link.onLinkThread(job);
            }
        }, task -> loop.submit(task));
        RecordVersions versions = new RecordVersions(loopDb);
        RecordIntake intake = new RecordIntake(topics, persons, visits, schedules, syncMarks, reconciliation, elapsed,
                recordSignatures(config, persons, versions), versions);
        SeenCommands seenCommands = new SeenCommands(loopDb);
        CommandIntake commands = new CommandIntake(
                new CommandVerifier(config.doorId(), clock, persons::personById, seenCommands), door, elapsed);
        Optional<String> url = config.mqttUrl();
        Optional<HomeAssistantDiscovery> discovery = config.haDiscovery()
                ? Optional.of(new HomeAssistantDiscovery(config.haPrefix(), topics, Version.current()))
                : Optional.empty();

        loop = new DoorLoop(door, io, eventLog, clock, new DoorLoop.Listener() {
            @Override
            public void committed(List<CommittedEvent> events) {
                if (outbox != null) {
                    outbox.wake();
                }
                if (link != null) {
                    CommandIntake.answer(events, link, topics);
                }
                observers.forEach(o -> o.committed(events));
            }

            @Override
            public void stateChanged(DoorStatus status) {
                DoorService.this.status = status;
                observers.forEach(o -> o.stateChanged(status));
                if (link != null) {
                    link.publishState(StateCodec.encode(status, clock.instant(), clock.getZone()));
                }
            }
        }, Version.current(), onFatal);

        if (url.isPresent()) {
            spool = RecordSpool.open(Path.of(config.dbPath() + "-intake"));
            toClose.add(spool);
            RecordFeed feed = new RecordFeed(spool, intake, reconciliation, () -> {
                if (link != null) {
                    link.resync();
                }
            });
            loop.feed(feed);
            link = new MqttLink(mqttSettings(config, url.get()), topics, BrokerInbound.subscriptions(topics),
                    new BrokerInbound(topics, loop, feed, listed, commands, new BrokerInbound.OnConnect() {
                        @Override
                        public void connected() {
                            outbox.wake();
                            discovery.ifPresent(d -> d.configs().forEach(c -> publishRetained(c.topic(), c.json())));
                        }

                        @Override
                        public void burstOver() {
                            outbox.wake();
                        }
                    }));
            Database outboxDb = Database.open(config.dbPath());
            outboxDb.leaveCheckpointsToOthers();
            toClose.add(outboxDb);
            outbox = new EventOutbox(new DeliveryMark(outboxDb), link);
        } else {
            log.warn("no mqtt.url: the door runs from its local copy and publishes nothing");
        }
        housekeeping.refusalSummaries(loop, intake, commands);

        ServiceHeartbeat heartbeat = new ServiceHeartbeat(manager, this::mqttConnected, elapsed);
        loop.heartbeat(heartbeat);
        Scheduling.lowerCompilerThreads();
        long warming = System.nanoTime();
        try {
            BadgePathWarmUp.run(config.doorSettings().withClockFloor(Version.buildTime()), directory, clock, elapsed);
            log.debug("badge path warmed up in {} ms", (System.nanoTime() - warming) / 1_000_000);
        } catch (RuntimeException e) {
            // Only the first badge's speed is at stake: the door starts all the same.
            log.warn("warming the badge path failed ({}); the first badges may be slower", e.toString());
        }
        loop.start();
        housekeeping.forgetExpiredCommands(loop, seenCommands);
        housekeeping.watchDisk(loop, DiskWatch.of(config.dbPath()));
        Database checkpoints = Database.open(config.dbPath());
        toClose.add(checkpoints);
        housekeeping.checkpoint(checkpoints);
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

    /**
     * How records are checked: with {@code records.directoryKeys}, signed by the directory or the
     * visit's approver, and what was stored unsigned before is dropped (the directory republishes
     * it signed); without, as they come, with a warning that says what that means.
     */
    private static RecordSignatures recordSignatures(ControllerConfig config, PersonStore persons,
                                                     RecordVersions versions) {
        Optional<Path> file = config.recordsDirectoryKeys();
        if (file.isEmpty()) {
            log.warn("records.directoryKeys is not set: person and visit records are taken unsigned, so anyone "
                    + "who may publish on {}/{}/personnel/ or visits/ can give themselves a badge, any role "
                    + "(approver and operator included) or a visit; set it to accept only signed records "
                    + "(docs/mqtt-api.md, signed records)", config.mqttTopicPrefix(), config.siteId());
            return RecordSignatures.unsigned();
        }
        DirectoryKeys keys;
        try {
            keys = DirectoryKeys.load(file.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        int[] dropped = versions.dropUnsigned();
        if (dropped[0] + dropped[1] > 0) {
            log.warn("records.directoryKeys is set: dropped {} persons and {} visits stored without a verified "
                    + "signature; they count again once published signed", dropped[0], dropped[1]);
        }
        log.info("records are accepted only signed: persons by directory keys {}, visits by their approver",
                keys.kids());
        return RecordSignatures.signed(keys, persons::personById);
    }

    /** Called on the link's own thread after a connect (not Paho's), so it may publish; never waits. */
    private void publishRetained(String topic, String payload) {
        try {
            link.publish(topic, payload, true);
        } catch (PublishException e) {
            log.warn("Home Assistant config {} not published ({}); it will be after reconnecting", topic, e.getMessage());
        }
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

    /** The door loop, for inputs from outside (the simulator's clock, tests). */
    public DoorLoop loop() {
        return loop;
    }

    /**
     * Also tells {@code observer} of every commit and state change (the simulator's panel). It
     * is called on the door loop's thread, so it must only hand over, never block.
     */
    public void observe(DoorLoop.Listener observer) {
        observers.add(observer);
    }

    /** The badge readers, for their counters. */
    public List<SerialBadgeReader> readers() {
        return List.copyOf(readers);
    }

    /** The door as it stands now; null until the loop has first reported it. */
    public DoorStatus status() {
        return status;
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
        housekeeping.close();
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
