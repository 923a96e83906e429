package org.accessctl.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.accessctl.core.Event;
import org.accessctl.store.Database;
import org.accessctl.store.SeenCommands;
import org.accessctl.threads.Scheduling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door's chores, on a timer thread of their own. Each runs as a task of the door loop, which
 * owns the state they touch, except the WAL checkpoint, which must not hold the loop up.
 */
final class Housekeeping implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Scheduling.backgroundThreads("housekeeping"));

    /** Refusals thinned out by a flood are summed up once a minute. */
    void refusalSummaries(DoorLoop loop, RecordIntake records, CommandIntake commands) {
        timer.scheduleAtFixedRate(() -> loop.submit((Instant now) -> {
            List<Event> summaries = new ArrayList<>(records.refusalSummary(now));
            summaries.addAll(commands.refusalSummary(now));
            return summaries;
        }), 1, 1, TimeUnit.MINUTES);
    }

    /** Command ids are kept until a day after they expire; older ones are forgotten hourly. */
    void forgetExpiredCommands(DoorLoop loop, SeenCommands seen) {
        timer.scheduleAtFixedRate(() -> loop.submit((Instant now) -> {
            int purged = seen.purgeExpired(now);
            if (purged > 0) {
                log.info("forgot {} expired command ids", purged);
            }
            return List.of();
        }), 0, 1, TimeUnit.HOURS);
    }

    /** The disk's free space, each minute: {@code disk_low}, {@code disk_full}, {@code disk_ok}. */
    void watchDisk(DoorLoop loop, DiskWatch disk) {
        timer.scheduleAtFixedRate(() -> loop.submit((Instant now) -> disk.check(now)), 0, 1, TimeUnit.MINUTES);
    }

    /** The WAL goes back into the database here, off the door loop (see {@code leaveCheckpointsToOthers}). */
    void checkpoint(Database checkpoints) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                checkpoints.checkpoint();
            } catch (RuntimeException e) {
                log.warn("WAL checkpoint failed: {}", e.getMessage());
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
