package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.Door;
import org.accessctl.core.DoorSettings;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.Input;
import org.accessctl.core.Person;
import org.accessctl.core.ReaderSide;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.gpio.GpioPins;
import org.accessctl.gpio.Pi4jDoorIo;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;
import org.accessctl.store.LocalDirectory;
import org.accessctl.store.PersonStore;
import org.accessctl.store.ScheduleStore;
import org.accessctl.store.VisitStore;
import org.accessctl.systemd.NotifySocket;
import org.accessctl.systemd.SdNotify;
import org.accessctl.systemd.ServiceManager;
import org.accessctl.testing.Await;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door loop under systemd: it says ready, feeds the watchdog itself and keeps the status line,
 * over a real notification socket; and a clean stop leaves the state saying locked.
 */
class DoorLoopServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atVisitMorning();
    private final List<DoorStatus> states = new CopyOnWriteArrayList<>();
    private final AtomicBoolean online = new AtomicBoolean(true);
    private final AtomicReference<Door> door = new AtomicReference<>();
    private NotifySocket socket;
    private Context gpio;
    private Pi4jDoorIo io;
    private Database db;
    private DoorLoop loop;
    private ServiceHeartbeat heartbeat;

    @BeforeEach
    void start() throws Exception {
        String path = dir.resolve("notify").toString();
        socket = new NotifySocket(path);
        ServiceManager manager = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "2000000"),
                ProcessHandle.current().pid());
        gpio = GpioContexts.create(GpioContexts.MOCK);
        io = new Pi4jDoorIo(gpio, GpioPins.defaults(), clock);
        db = Database.open(dir.resolve("door.db"));
        PersonStore persons = new PersonStore(db);
        persons.upsert(new Person("P-001", "One", "0A1B2C3D4E", Set.of("access"), true, Set.of(), null), clock.instant());
        door.set(new Door(DoorSettings.defaults("main", "door-1"), new LocalDirectory(persons, new VisitStore(db), new ScheduleStore(db)),
                clock, clock, false));
        loop = new DoorLoop(door.get(), io, new EventLog(db, "main", "door-1", clock.getZone()), clock,
                new DoorLoop.Listener() {
                    @Override
                    public void committed(List<CommittedEvent> events) {
                    }

                    @Override
                    public void stateChanged(DoorStatus status) {
                        states.add(status);
                    }
                }, "test", () -> { });
        heartbeat = new ServiceHeartbeat(manager, online::get, clock);
        loop.heartbeat(heartbeat);
        loop.start();
    }

    @AfterEach
    void stop() {
        loop.close();
        io.close();
        db.close();
        gpio.shutdown();
        socket.close();
    }

    private void ready() {
        loop.submit((Instant now) -> {
            heartbeat.ready(door.get().status());
            return List.of();
        });
    }

    @Test
    void theLoopFeedsTheWatchdogAndSaysReadyWithItsStatus() {
        assertEquals("WATCHDOG=1", socket.receive(), "the first turn of the loop pings");
        ready();
        assertEquals("READY=1\nSTATUS=online, 0 people inside, strike locked", socket.receive());

        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        assertEquals("STATUS=online, 1 person inside, strike released", socket.receive());

        // Half a second of the loop's time later (a quarter of WatchdogSec), the next turn pings.
        clock.advance(Duration.ofMillis(500));
        online.set(false);
        loop.tick();
        assertEquals("WATCHDOG=1", socket.receive());
        assertEquals("STATUS=offline (broker unreachable), 1 person inside, strike released", socket.receive());
    }

    @Test
    void aCleanStopDuringAGrantLeavesTheStateLocked() {
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        Await.until(() -> !states.isEmpty() && !states.get(states.size() - 1).locked(), "the grant's state");
        loop.close();
        assertTrue(states.get(states.size() - 1).locked(), "the last state published says locked: " + states);
    }
}
