package org.accessctl.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accessctl.core.Door;
import org.accessctl.core.DoorMemory;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.Event;
import org.accessctl.core.Input;
import org.accessctl.core.Outputs;
import org.accessctl.gpio.DoorIo;
import org.accessctl.store.EventLog;
import org.accessctl.store.RecordedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the door. Badge reads, pin changes and timer ticks arrive on one
 * queue, records and commands from the broker on a second one that the loop serves only when
 * the first is empty: a person at the door never waits behind a sync of thousands of records.
 * Each input is handed to the core, the pins are driven to match its decision,
 * the events it caused are committed to the log, and only then is anything published. There are
 * no locks in the core because nothing else touches it.
 *
 * <p>Any failure while handling an input (the database full or broken, a bug) locks the strike
 * and drops the grant in progress: a grant whose events cannot be committed is withdrawn within
 * the moment the commit took, the door fails secure and keeps serving the next input.
 */
public final class DoorLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DoorLoop.class);
    /** Wake at least this often, so a stepped system clock is noticed promptly. */
    private static final Duration MAX_SLEEP = Duration.ofSeconds(1);

    /** What the loop tells the rest of the program. Called on the loop thread; must not block. */
    public interface Listener {
        void committed(List<RecordedEvent> events);

        void stateChanged(DoorStatus status);
    }

    /**
     * Called on the loop thread after every turn of the loop (at least once a second), so that
     * what it does proves the loop itself is alive: the service manager's watchdog is fed here.
     * Must not block.
     */
    public interface Heartbeat {
        void beat(DoorStatus status);
    }

    /** Work the loop does besides core inputs: records, commands. Runs on the loop thread. */
    public interface Task {
        /** Returns the events to record (may be empty). */
        List<Event> run(Instant now);
    }

    private final Door door;
    private final DoorIo io;
    private final EventLog eventLog;
    private final Clock clock;
    private final Listener listener;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Work from the broker: served in batches whenever no input waits. */
    private final java.util.Queue<Task> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** A WAKE is in {@link #queue}: a waiting loop will look at {@link #tasks}. */
    private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String version;
    private DoorStatus lastStatus;
    /** The door's memory as last committed; a fault goes back to it. */
    private DoorMemory committedMemory;
    /**
     * What the door saw (contact changes, door alarms) while the log could not be written. It
     * happened whatever the database says, so it is recorded with the next commit.
     */
    private List<Event> unrecorded = List.of();
    private List<Event> unrecordedAttempt = List.of();
    private final Runnable onFatal;
    private volatile boolean running;
    private Heartbeat heartbeat = status -> { };

    private static final Object STOP = new Object();
    private static final Object WAKE = new Object();
    /** At most this many queued tasks share one transaction. */
    private static final int TASK_BATCH = 1024;

    /**
     * @param onFatal called on the loop thread if the loop ends other than by {@link #close()}
     */
    public DoorLoop(Door door, DoorIo io, EventLog eventLog, Clock clock, Listener listener, String version,
                    Runnable onFatal) {
        this.onFatal = onFatal;
        this.door = door;
        this.io = io;
        this.eventLog = eventLog;
        this.clock = clock;
        this.listener = listener;
        this.version = version;
        this.thread = new Thread(this::run, "door-loop");
        this.committedMemory = door.memory();
    }

    /** Sets what runs after every turn of the loop; call before {@link #start()}. */
    public void heartbeat(Heartbeat beat) {
        this.heartbeat = java.util.Objects.requireNonNull(beat, "beat");
    }

    public void start() {
        running = true;
        // Listen before the thread runs, so no pin change between start and the first poll is
        // lost; the listener only enqueues, and the loop records controller_started first.
        io.listen(new DoorIo.Listener() {
            @Override
            public void doorContactChanged(boolean open) {
                submit(new Input.DoorContact(open));
            }

            @Override
            public void exitButtonPressed() {
                submit(new Input.ExitButton());
            }
        });
        thread.start();
    }

    /** Queues a core input. Safe from any thread; never blocks. */
    public void submit(Input input) {
        queue.add(input);
    }

    /** Queues other work for the loop thread. Safe from any thread; never blocks. */
    public void submit(Task task) {
        tasks.add(task);
        if (wakePending.compareAndSet(false, true)) {
            queue.add(WAKE);
        }
    }

    /** Wakes the loop to check deadlines now (after the clock was moved, for instance). */
    public void tick() {
        queue.add(new Input.Tick());
    }

    private void run() {
        boolean clean = false;
        try {
            io.apply(Outputs.SECURE);
            handle((Task) now -> List.of(Event.of("controller_started", now).with("version", version).build()));
            heartbeat.beat(door.status());
            while (true) {
                Object message = queue.poll();
                if (message == null) {
                    Task next = tasks.poll();
                    if (next != null) {
                        handle(next);
                        heartbeat.beat(door.status());
                        continue;
                    }
                    message = queue.poll(sleepMillis(), TimeUnit.MILLISECONDS);
                }
                if (message == STOP) {
                    break;
                }
                if (message == WAKE) {
                    wakePending.set(false); // before looking at the tasks: a later one wakes us again
                    continue;
                }
                handle(message == null ? new Input.Tick() : message);
                heartbeat.beat(door.status());
            }
            // Lock first, so that the last state published (and retained) says locked.
            door.lockForStop();
            handle((Task) now -> List.of(Event.of("controller_stopping", now).with("version", version).build()));
            clean = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // An Error (out of memory, a broken library): this thread cannot be trusted to go on.
            log.error("door loop stopped by a fatal failure; strike locked", e);
        } finally {
            secure();
            running = false;
            stopped.countDown();
            if (!clean) {
                // A door that no longer answers its badges must not look alive: the program
                // stops, and its supervisor starts it again.
                onFatal.run();
            }
        }
    }

    private void handle(Object message) {
        try {
            List<Event> events;
            if (message instanceof Input input) {
                events = door.handle(input);
            } else {
                events = runTasks((Task) message);
                // A record may change who is allowed; let the core re-check its deadlines too.
                List<Event> more = door.handle(new Input.Tick());
                if (!more.isEmpty()) {
                    events = concat(events, more);
                }
            }
            List<Event> all = concat(unrecorded, events);
            unrecordedAttempt = all;
            // Act first: the person at the door is answered in well under a millisecond, not
            // after the disk's fsync. Nothing is published before the commit below; if it fails,
            // the grant is withdrawn at once (fail secure, below).
            io.apply(door.outputs());
            record(all);
            unrecorded = List.of();
            publishStateIfChanged();
        } catch (RuntimeException e) {
            log.error("failed to handle {}; failing secure (strike locked, grant dropped)", describe(message), e);
            door.failSecure(committedMemory);
            unrecorded = door.physicalEvents(unrecordedAttempt);
            secure();
        }
    }

    /**
     * Runs this task and the tasks queued behind it (a sync brings thousands of records) in one
     * transaction: one commit and one fsync for up to {@value #TASK_BATCH} records.
     */
    private List<Event> runTasks(Task first) {
        Instant now = clock.instant();
        return eventLog.inTransaction(c -> {
            List<Event> events = new ArrayList<>(first.run(now));
            // Taken one at a time: the moment a badge or pin change arrives, the batch ends and
            // is committed, so a person at the door waits for one record, not for a thousand.
            int done = 1;
            Task more;
            while (done < TASK_BATCH && noInputWaits() && (more = tasks.poll()) != null) {
                events.addAll(more.run(now));
                done++;
            }
            return events;
        });
    }

    /** No badge, pin change or tick waits; the wake-up for more records does not count. */
    private boolean noInputWaits() {
        int waiting = queue.size();
        return waiting == 0 || (waiting == 1 && queue.peek() == WAKE);
    }

    /** Commits the events together with the door's memory if it changed; then tells the listener. */
    private void record(List<Event> events) {
        unrecordedAttempt = events;
        DoorMemory memory = door.memory();
        boolean memoryChanged = !memory.equals(committedMemory);
        if (events.isEmpty() && !memoryChanged) {
            return;
        }
        List<RecordedEvent> recorded = eventLog.append(events, memoryChanged ? memory : null);
        committedMemory = memory;
        if (recorded.isEmpty()) {
            return;
        }
        for (RecordedEvent r : recorded) {
            log.info("event {}", r.json());
        }
        listener.committed(recorded);
    }

    private void publishStateIfChanged() {
        DoorStatus status = door.status();
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            listener.stateChanged(status);
        }
    }

    private long sleepMillis() {
        long max = MAX_SLEEP.toMillis();
        // Rounded up, so the loop wakes when the deadline has passed rather than just before it.
        return door.untilNextDeadline()
                .map(d -> Math.min(max, (d.toNanos() + 999_999) / 1_000_000))
                .orElse(max);
    }

    private void secure() {
        try {
            io.apply(Outputs.SECURE);
        } catch (RuntimeException e) {
            log.error("could not drive the outputs to the secure state", e);
        }
    }

    private static String describe(Object message) {
        return message instanceof Input ? message.toString() : "a queued task";
    }

    private static List<Event> concat(List<Event> a, List<Event> b) {
        List<Event> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public boolean isRunning() {
        return running;
    }

    /** Records {@code controller_stopping}, locks the strike and ends the thread. */
    @Override
    public void close() {
        if (!thread.isAlive()) {
            return;
        }
        queue.add(STOP);
        try {
            if (!stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("door loop did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
