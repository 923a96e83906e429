package org.accessctl.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.Door;
import org.accessctl.core.DoorMemory;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.Event;
import org.accessctl.core.Input;
import org.accessctl.core.Journal;
import org.accessctl.core.Outputs;
import org.accessctl.gpio.DoorIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the door. Badge reads, pin changes and timer ticks arrive on one
 * queue; operators' commands on a second, served when the first is empty; records from the
 * broker on a third, served when both are: a person at the door never waits behind a sync of
 * thousands of records, nor behind a flood of commands.
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
        void committed(List<CommittedEvent> events);

        void stateChanged(DoorStatus status);

        /** A step could not be committed; the door failed secure. */
        default void failed(RuntimeException cause) {
        }
    }

    /**
     * Called on the loop thread after every turn of the loop (at least once a second), so that
     * what it does proves the loop itself is alive: the service manager's watchdog is fed here.
     * Must not block.
     */
    public interface Heartbeat {
        void beat(DoorStatus status);
    }

    /**
     * Work the loop does besides core inputs: records, commands. Runs on the loop thread, inside
     * the transaction that also commits its events, as a unit of its own: what one task writes
     * is undone alone if it fails, and the tasks batched with it carry on.
     */
    public interface Task {
        /** Returns the events to commit (may be empty). */
        List<Event> run(Instant now);

        /**
         * The task threw; what it wrote is already undone. Returns the events that say so (a
         * refused record, say). By default the failure ends the whole step.
         */
        default List<Event> failed(Instant now, RuntimeException e) {
            throw e;
        }

        /** The step this task was part of has ended: committed, or failed and rolled back. */
        default void finished(boolean committed) {
        }

        /**
         * False for a record of a running sync: batches of those are committed without waiting for
         * the disk (a power cut sends the door back to its copy before the sync, and the sync
         * starts again), so that a sync of thousands of records costs no fsync each batch and a
         * badge never waits for one.
         */
        default boolean durable() {
            return true;
        }
    }

    /** More work that waits outside the loop's own queue (records spooled from the broker). */
    public interface Feed {
        /** The next task, or null when none waits. Called on the loop thread only. */
        Task next();
    }

    private final Door door;
    private final DoorIo io;
    private final Journal journal;
    private final Clock clock;
    private final Listener listener;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Commands: served one at a time whenever no input waits. */
    private final java.util.Queue<Task> urgent = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Work from the broker: served in batches whenever no input or command waits. */
    private final java.util.Queue<Task> tasks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** A WAKE is in {@link #queue}: a waiting loop will look at {@link #tasks}. */
    private final java.util.concurrent.atomic.AtomicBoolean wakePending = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String version;
    private DoorStatus lastStatus;
    /** How the loop's thread runs; set when it starts, read by the threads that submit inputs. */
    private volatile org.accessctl.threads.Scheduling.BadgeThread badgePath =
            org.accessctl.threads.Scheduling.BadgeThread.UNCHANGED;
    /** The door's memory as last committed; a fault goes back to it. */
    private DoorMemory committedMemory;
    /**
     * What the door saw (contact changes, door alarms) while the log could not be written. It
     * happened whatever the database says, so it is logged with the next commit.
     */
    private List<Event> uncommitted = List.of();
    private List<Event> attempt = List.of();
    private final Runnable onFatal;
    private volatile boolean running;
    private volatile Feed feed = () -> null;
    /** The log could not be written for want of space; the core refuses entry meanwhile. */
    private boolean diskFull;
    /** Events kept in memory while the disk is full, at most; more are counted and dropped. */
    static final int UNCOMMITTED_LIMIT = 10_000;
    private long uncommittedDropped;
    private Heartbeat heartbeat = status -> { };

    private static final Object STOP = new Object();
    private static final Object WAKE = new Object();
    /** At most this many queued tasks share one transaction. */
    private static final int TASK_BATCH = 1024;
    private static final long LINGER_NANOS = 2_000_000;
    /** The task last handed out came from the feed: records are streaming in. */
    private boolean lastFromFeed;

    /**
     * @param onFatal called on the loop thread if the loop ends other than by {@link #close()}
     */
    public DoorLoop(Door door, DoorIo io, Journal journal, Clock clock, Listener listener, String version,
                    Runnable onFatal) {
        this.onFatal = onFatal;
        this.door = door;
        this.io = io;
        this.journal = journal;
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
        // A loop in the middle of a batch of tasks, stepped down from real time, goes back to it
        // now and decides the badge (or pin change) after the record it is on.
        badgePath.hurry();
    }

    /** Queues other work for the loop thread. Safe from any thread; never blocks. */
    public void submit(Task task) {
        tasks.add(task);
        wake();
    }

    /**
     * Queues work that goes before records and after badges and pins: an operator's command must
     * not wait behind a sync of thousands of records, and a tap must not wait behind a flood of
     * commands (at most the one being handled). Safe from any thread; never blocks.
     */
    public void submitUrgent(Task task) {
        urgent.add(task);
        wake();
    }

    /** Sets where the loop finds more work once its own task queue is empty. Before {@link #start}. */
    public void feed(Feed feed) {
        this.feed = feed;
    }

    /** Tells a waiting loop that its task queue or its feed has work. Safe from any thread. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            queue.add(WAKE);
        }
    }

    /** Wakes the loop to check deadlines now (after the clock was moved, for instance). */
    public void tick() {
        queue.add(new Input.Tick());
    }

    private void run() {
        badgePath = org.accessctl.threads.Scheduling.badgePath(); // a badge's step runs as it arrives
        boolean clean = false;
        try {
            io.apply(Outputs.SECURE);
            handle((Task) now -> List.of(new Event.ControllerStarted(now, version)));
            heartbeat.beat(door.status());
            while (true) {
                Object message = queue.poll();
                if (message == null) {
                    Task next = urgent.poll();
                    if (next == null) {
                        next = nextTask();
                    }
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
            handle((Task) now -> List.of(new Event.ControllerStopping(now, version)));
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
        if (message instanceof Task task) {
            handleTasks(task);
            return;
        }
        try {
            List<Event> events = door.handle((Input) message);
            List<Event> all = concat(uncommitted, events);
            attempt = all;
            // Act first: the person at the door is answered in well under a millisecond, not
            // after the disk's fsync. Nothing is published before the commit below; if it fails,
            // the grant is withdrawn at once (fail secure, below).
            io.apply(door.outputs());
            commit(all);
            uncommitted = List.of();
            diskRecovered();
            publishStateIfChanged();
        } catch (RuntimeException e) {
            failSecure(message, e);
        }
    }

    /**
     * Runs this task and the tasks waiting behind it (a sync brings thousands of records) in one
     * transaction with the events they cause: one commit and one fsync for up to
     * {@value #TASK_BATCH} tasks. Each task is a unit of its own inside it.
     */
    private void handleTasks(Task first) {
        // Only inputs run at real-time priority: records, commands and chores step down, so that a
        // long sync holds no core against the broker's client and the kernel's tty worker.
        badgePath.asBulkWork(() -> {
            if (!first.durable()) {
                handleCopyOnly(first);
            } else {
                handleTasks(first, null);
            }
        });
    }

    /**
     * @param replay the tasks after {@code first} when a batch is done again (and no others), or
     *     null to take what waits
     */
    private void handleTasks(Task first, Iterator<Task> replay) {
        Instant now = clock.instant();
        List<Task> ran = new ArrayList<>();
        boolean committed = false;
        try {
            DoorMemory[] memory = new DoorMemory[1];
            List<CommittedEvent> logged = journal.commit(() -> {
                List<Event> events = new ArrayList<>(uncommitted);
                Task task = first;
                while (task != null) {
                    ran.add(task);
                    events.addAll(runTask(task, now));
                    if (replay != null) {
                        task = replay.hasNext() ? replay.next() : null;
                        continue;
                    }
                    Object waiting = firstWaiting();
                    if (waiting instanceof Task) {
                        break; // an operator's command: the batch ends so that it goes next
                    }
                    if (waiting instanceof Input) {
                        // A badge or pin change arrived: it is decided and acted on now, between two
                        // records, not after the batch's commit; its events join the batch, which
                        // then ends. A person at the door waits for one record, not for a thousand.
                        events.addAll(door.handle((Input) queue.poll()));
                        io.apply(door.outputs());
                        break;
                    }
                    task = ran.size() < TASK_BATCH ? nextTaskOfBurst() : null;
                }
                // Records may have changed who is allowed; the core checks again (its deadlines too).
                events.addAll(door.handle(new Input.DirectoryChanged()));
                attempt = events;
                io.apply(door.outputs());
                memory[0] = door.memory();
                return events;
            }, () -> memory[0].equals(committedMemory) ? null : memory[0]);
            committed = true;
            committedMemory = memory[0];
            uncommitted = List.of();
            afterCommit(logged);
            diskRecovered();
            publishStateIfChanged();
        } catch (RuntimeException e) {
            failSecure(first, e);
        } finally {
            for (Task t : ran) {
                finished(t, committed);
            }
        }
    }

    /**
     * A batch of a sync's records, committed without waiting for the disk. It ends at the first
     * badge or pin change that waits, which is decided and acted on between two records (its
     * events are committed durably right after the batch: a person at the door waits for one
     * record, not for the batch's commit), at a command that waits, at {@value #TASK_BATCH}
     * records, or at a task that must be durable, which goes next. What the records caused (a
     * refused record, the core's re-check) is then committed durably, right after.
     */
    private void handleCopyOnly(Task first) {
        Instant now = clock.instant();
        List<Task> ran = new ArrayList<>();
        Task[] next = new Task[1];
        List<Event> decided = new ArrayList<>();
        boolean committed = false;
        boolean redo = false;
        try {
            journal.commitCopyOnly(() -> {
                Task task = first;
                while (task != null) {
                    ran.add(task);
                    if (!runTask(task, now).isEmpty()) {
                        // A record that causes an event (it was refused) must commit with it,
                        // durably: this batch is undone and done again as an ordinary step.
                        throw new RedoDurably();
                    }
                    Object waiting = firstWaiting();
                    if (waiting instanceof Input) {
                        decided.addAll(door.handle((Input) queue.poll()));
                        attempt = concat(uncommitted, decided);
                        io.apply(door.outputs());
                        return;
                    }
                    if (waiting != null || ran.size() >= TASK_BATCH) {
                        return;
                    }
                    task = nextTaskOfBurst();
                    if (task != null && task.durable()) {
                        next[0] = task;
                        return;
                    }
                }
            });
            committed = true;
        } catch (RedoDurably e) {
            redo = true;
        } catch (RuntimeException e) {
            failSecure(first, e);
        } finally {
            if (!redo) {
                for (Task t : ran) {
                    finished(t, committed);
                }
            }
        }
        if (redo) {
            Iterator<Task> again = ran.iterator();
            handleTasks(again.next(), again);
        } else if (committed) {
            // The events of a badge decided within the batch, and the core's re-check (a record
            // may change who is allowed): a durable step of their own, committed only if there
            // is something to say.
            uncommitted = concat(uncommitted, decided);
            handle(new Input.DirectoryChanged());
        }
        if (next[0] != null) {
            handleTasks(next[0]);
        }
    }

    /** Unwinds a copy-only batch whose records cause events; see {@link #handleCopyOnly}. */
    private static final class RedoDurably extends RuntimeException {
        RedoDurably() {
            super(null, null, false, false);
        }
    }

    private List<Event> runTask(Task task, Instant now) {
        try {
            return journal.unit(() -> task.run(now));
        } catch (RuntimeException e) {
            return task.failed(now, e);
        }
    }

    private static void finished(Task task, boolean committed) {
        try {
            task.finished(committed);
        } catch (RuntimeException e) {
            log.warn("after a step: {}", e.getMessage(), e);
        }
    }

    private Task nextTask() {
        Task t = tasks.poll();
        if (t != null) {
            lastFromFeed = false;
            return t;
        }
        t = feed.next();
        lastFromFeed = t != null;
        return t;
    }

    /**
     * The next task of a batch. While records stream in from the broker, the batch waits for the
     * next one a moment ({@link #LINGER_NANOS}) before it is committed: committing every record
     * or two as it trickles in would cost an fsync each and slow a sync tenfold. A badge, a pin
     * change or a command ends the wait at once.
     */
    private Task nextTaskOfBurst() {
        Task t = nextTask();
        if (t != null || !lastFromFeed) {
            return t;
        }
        long until = System.nanoTime() + LINGER_NANOS;
        while (System.nanoTime() < until && firstWaiting() == null) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            if ((t = feed.next()) != null) {
                lastFromFeed = true;
                return t;
            }
        }
        lastFromFeed = false;
        return null;
    }

    private void failSecure(Object message, RuntimeException e) {
        if (e instanceof Journal.Full) {
            diskFull(message, e);
            return;
        }
        log.error("failed to handle {}; failing secure (strike locked, grant dropped)", describe(message), e);
        door.failSecure(committedMemory);
        uncommitted = door.physicalEvents(attempt);
        secure();
        listener.failed(e);
    }

    /**
     * The disk is full. The first time, the grant in progress is withdrawn (nothing may open that
     * the log does not know) and the core goes into its disk-full state: entry refused, red LED
     * on, exit still open. What the door decides from then on stands, and its events wait in
     * memory until a commit succeeds again; the loop tries at least once a second.
     */
    private void diskFull(Object message, RuntimeException e) {
        if (!diskFull) {
            log.error("the disk is full: cannot record {}; entry refused and red LED on until there is room ({})",
                    describe(message), e.getMessage());
            door.failSecure(committedMemory);
            List<Event> kept = new ArrayList<>(door.physicalEvents(attempt));
            kept.addAll(door.handle(new Input.DiskFull(true)));
            diskFull = true;
            uncommitted = kept;
        } else {
            uncommitted = attempt;
        }
        if (uncommitted.size() > UNCOMMITTED_LIMIT) {
            uncommittedDropped += uncommitted.size() - UNCOMMITTED_LIMIT;
            log.error("{} events lost while the disk is full", uncommittedDropped);
            uncommitted = new ArrayList<>(uncommitted.subList(0, UNCOMMITTED_LIMIT));
        }
        try {
            io.apply(door.outputs());
        } catch (RuntimeException io) {
            secure();
        }
        listener.failed(e);
    }

    /** A commit went through while the disk was full: there is room again. */
    private void diskRecovered() {
        if (!diskFull) {
            return;
        }
        diskFull = false;
        log.info("the event log is written again");
        List<Event> ok = door.handle(new Input.DiskFull(false));
        io.apply(door.outputs());
        commit(ok);
    }

    /**
     * What waits first in the loop's queue, past wake-ups (this loop is serving tasks already, and
     * will look for more itself): an input, a task, the stop, or null.
     */
    /** The input that waits, else the command that waits, else null. */
    private Object firstWaiting() {
        while (queue.peek() == WAKE) {
            queue.poll();
            wakePending.set(false);
        }
        Object input = queue.peek();
        return input != null ? input : urgent.peek();
    }

    /** Commits the events together with the door's memory if it changed; then tells the listener. */
    private void commit(List<Event> events) {
        attempt = events;
        DoorMemory memory = door.memory();
        boolean memoryChanged = !memory.equals(committedMemory);
        if (events.isEmpty() && !memoryChanged) {
            return;
        }
        List<CommittedEvent> logged = journal.commit(() -> events, () -> memoryChanged ? memory : null);
        committedMemory = memory;
        afterCommit(logged);
    }

    private void afterCommit(List<CommittedEvent> logged) {
        if (logged.isEmpty()) {
            return;
        }
        for (CommittedEvent r : logged) {
            log.info("event {}", r.json());
        }
        listener.committed(logged);
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
