package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.accessctl.testing.Await;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The door loop with its real parts: SQLite, Pi4J's mock pins through our Pi4J code, a test clock. */
class DoorLoopTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atVisitMorning();
    private final List<CommittedEvent> committed = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean fatal = new java.util.concurrent.atomic.AtomicBoolean();
    private Context gpio;
    private Pi4jDoorIo io;
    private Database db;
    private DoorLoop loop;

    @BeforeEach
    void start() throws Exception {
        gpio = GpioContexts.create(GpioContexts.MOCK);
        io = new Pi4jDoorIo(gpio, GpioPins.defaults(), clock);
        db = Database.open(dir.resolve("door.db"));
        PersonStore persons = new PersonStore(db);
        persons.upsert(new Person("P-001", "One", "0A1B2C3D4E", Set.of("access"), true, Set.of(), null), clock.instant());
        DoorSettings settings = DoorSettings.defaults("main", "door-1");
        Door door = new Door(settings, new LocalDirectory(persons, new VisitStore(db), new ScheduleStore(db)), clock, clock, false);
        loop = new DoorLoop(door, io, new EventLog(db, "main", "door-1", clock.getZone()), clock,
                new DoorLoop.Listener() {
                    @Override
                    public void committed(List<CommittedEvent> events) {
                        committed.addAll(events);
                    }

                    @Override
                    public void stateChanged(DoorStatus status) {
                    }
                }, "test", () -> fatal.set(true));
        loop.start();
        awaitTypes("controller_started");
    }

    @AfterEach
    void stop() {
        loop.close();
        io.close();
        db.close();
        gpio.shutdown();
    }

    private boolean relayHigh() {
        return gpio.registry().get(Pi4jDoorIo.STRIKE_RELAY_ID, DigitalOutput.class).state().isHigh();
    }

    private void awaitTypes(String... types) {
        Await.until(() -> committed.stream().map(CommittedEvent::type).toList().equals(List.of(types)),
                "events " + List.of(types) + ", have " + committed.stream().map(CommittedEvent::type).toList());
    }

    @Test
    void grantReleasesTheStrikeAndTheClockRelocksIt() {
        assertFalse(relayHigh());
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        awaitTypes("controller_started", "access_granted");
        Await.until(this::relayHigh, "relay released");

        clock.advance(Duration.ofSeconds(5));
        loop.tick();
        Await.until(() -> !relayHigh(), "relay locked after strikeSeconds");
    }

    @Test
    void aBadgeDuringASyncBatchIsAnsweredBetweenTwoRecordsNotAfterTheBatchCommits() throws Exception {
        java.util.concurrent.CountDownLatch storing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch badgeQueued = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Boolean> relayAtBatchCommit = new java.util.concurrent.atomic.AtomicReference<>();
        // A record of a running sync (committed without fsync) that is being stored when the badge arrives.
        loop.submit(new DoorLoop.Task() {
            @Override
            public List<org.accessctl.core.Event> run(Instant now) {
                storing.countDown();
                try {
                    assertTrue(badgeQueued.await(10, java.util.concurrent.TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return List.of();
            }

            @Override
            public boolean durable() {
                return false;
            }

            @Override
            public void finished(boolean committed) {
                relayAtBatchCommit.set(committed && relayHigh());
            }
        });
        assertTrue(storing.await(10, java.util.concurrent.TimeUnit.SECONDS));
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        badgeQueued.countDown();
        awaitTypes("controller_started", "access_granted");
        Await.until(() -> relayAtBatchCommit.get() != null, "the batch committed");
        assertTrue(relayAtBatchCommit.get(), "the strike was released before the batch's commit");
    }

    @Test
    void aBadgeBehindAFloodOfCommandsWaitsOnlyForTheOneBeingHandled() throws Exception {
        java.util.concurrent.CountDownLatch handling = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch badgeQueued = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger commandsBeforeBadge = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger commandsRun = new java.util.concurrent.atomic.AtomicInteger();
        loop.submitUrgent(now -> {
            handling.countDown();
            try {
                assertTrue(badgeQueued.await(10, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            commandsRun.incrementAndGet();
            return List.of();
        });
        assertTrue(handling.await(10, java.util.concurrent.TimeUnit.SECONDS));
        for (int i = 0; i < 64; i++) {
            loop.submitUrgent(now -> {
                if (!relayHigh()) {
                    commandsBeforeBadge.incrementAndGet();
                }
                commandsRun.incrementAndGet();
                return List.of();
            });
        }
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        badgeQueued.countDown();
        awaitTypes("controller_started", "access_granted");
        Await.until(() -> commandsRun.get() == 65, "every command handled");
        assertEquals(0, commandsBeforeBadge.get(), "the commands queued before the badge went after it");
    }

    @Test
    void aGrantThatCannotBeLoggedIsWithdrawnAtOnce() throws Exception {
        List<Boolean> relayLevels = new CopyOnWriteArrayList<>();
        gpio.registry().get(Pi4jDoorIo.STRIKE_RELAY_ID, DigitalOutput.class)
                .addListener(e -> relayLevels.add(e.state().isHigh()));
        setTrigger(true);
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        // A later tick must not apply the grant the core made but the log never recorded.
        loop.tick();
        loop.submit((Instant now) -> List.of());
        CountdownProbe probe = new CountdownProbe(loop);
        probe.awaitDrained();
        assertFalse(relayHigh(), "no grant stands without a log entry");
        // The door acts before the commit (for speed) and withdraws the grant when it fails.
        assertEquals(List.of(true, false), relayLevels, "released for the moment of the failed commit, then locked");
        assertTrue(loop.isRunning(), "the loop survives the fault");

        setTrigger(false);
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        awaitTypes("controller_started", "access_granted");
        assertEquals(2, committed.get(1).seq(), "the failed event took no seq");
        Await.until(this::relayHigh, "relay released once the log works again");
    }

    @Test
    void aForcedDoorDuringALogFaultIsRecordedOnceTheLogWorksAgain() throws Exception {
        setTrigger(true);
        gpio.registry().get(Pi4jDoorIo.DOOR_CONTACT_ID, com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput.class)
                .mockState(com.pi4j.io.gpio.digital.DigitalState.HIGH);
        new CountdownProbe(loop).awaitDrained();
        setTrigger(false);
        loop.tick();
        awaitTypes("controller_started", "door_opened", "alarm_raised");
        assertEquals("door_forced_open", Simulated.field(committed.get(2), "alarm"));
    }

    @Test
    void theLoopSurvivesAFailureToRecordItsStart() throws Exception {
        loop.close();
        setTrigger(true);
        committed.clear();
        DoorLoop again = new DoorLoop(new Door(DoorSettings.defaults("main", "door-1"),
                new LocalDirectory(new PersonStore(db), new VisitStore(db), new ScheduleStore(db)), clock, clock, false), io,
                new EventLog(db, "main", "door-1", clock.getZone()), clock, new DoorLoop.Listener() {
                    @Override
                    public void committed(List<CommittedEvent> events) {
                        committed.addAll(events);
                    }

                    @Override
                    public void stateChanged(DoorStatus status) {
                    }
                }, "test", () -> fatal.set(true));
        loop = again;
        again.start();
        new CountdownProbe(again).awaitDrained();
        assertTrue(again.isRunning());
        setTrigger(false);
        again.submit(new Input.ExitButton());
        Await.until(() -> committed.stream().anyMatch(e -> e.type().equals("access_granted")), "exit granted");
        assertFalse(fatal.get());
    }

    private void setTrigger(boolean refuse) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("door.db"));
             Statement s = c.createStatement()) {
            s.execute(refuse
                    ? "CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END"
                    : "DROP TRIGGER refuse");
        }
    }

    /** Reads one field of a recorded event. */
    private static final class Simulated {
        static Object field(CommittedEvent e, String name) {
            return ((java.util.Map<?, ?>) org.accessctl.json.Json.parse(e.json())).get(name);
        }
    }

    @Test
    void closingRecordsStoppingAndLocks() {
        loop.submit(new Input.ExitButton());
        Await.until(this::relayHigh, "relay released by the exit button");
        loop.close();
        assertEquals(List.of("controller_started", "access_granted", "controller_stopping"),
                committed.stream().map(CommittedEvent::type).toList());
        assertFalse(relayHigh(), "locked on shutdown");
    }

    /** Waits until everything queued before it has been handled, using the loop's own queue. */
    private static final class CountdownProbe {
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        CountdownProbe(DoorLoop loop) {
            loop.submit((Instant now) -> {
                done.countDown();
                return List.of();
            });
        }

        void awaitDrained() throws InterruptedException {
            assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS), "loop drained");
        }
    }

    @Test
    void aFullDiskRefusesEntryVisiblyKeepsTheExitOpenAndSaysSoOnceThereIsRoom() throws Exception {
        clock.advance(java.time.Duration.ofSeconds(10));
        long pages;
        try (var s = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("door.db"));
             var rs = s.createStatement().executeQuery("PRAGMA page_count")) {
            rs.next();
            pages = rs.getLong(1);
        }
        db.capPages(pages); // the next write that needs a page fails with SQLITE_FULL
        for (int i = 0; i < 500 && !redLedOn(); i++) {
            int before = committed.size();
            clock.advance(java.time.Duration.ofSeconds(10));
            loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
            Await.until(() -> committed.size() > before || redLedOn(), "a grant recorded, or the disk full");
        }
        Await.until(this::redLedOn, "the red LED on while the disk is full");
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        loop.submit(new Input.ExitButton());
        Await.until(this::relayHigh, "the exit still opens");

        db.capPages(1_000_000); // room again
        loop.tick();
        Await.until(() -> committed.stream().anyMatch(e -> e.type().equals("disk_ok")), "disk_ok once a commit succeeds");
        List<String> types = committed.stream().map(CommittedEvent::type).toList();
        int full = types.indexOf("disk_full");
        assertTrue(full > 0, types.toString());
        assertTrue(committed.stream().anyMatch(e -> e.json().contains("\"reason\":\"disk_full\"")), "entry refused while full");
        assertTrue(types.subList(full, types.size()).contains("access_granted"), "the exit, recorded once there was room");
        assertTrue(types.indexOf("disk_ok") > full);
        clock.advance(java.time.Duration.ofSeconds(10));
        loop.submit(new Input.BadgeRead(ReaderSide.ENTRY, "0A1B2C3D4E"));
        Await.until(() -> committed.stream().filter(e -> e.type().equals("access_granted")
                && e.json().contains("P-001")).count() >= 1 && !redLedOn(), "entry granted again, red LED off");
    }

    private boolean redLedOn() {
        return gpio.registry().get(Pi4jDoorIo.RED_LED_ID, DigitalOutput.class).state().isHigh();
    }
}
