package org.accessctl.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.accessctl.core.Event;

/**
 * Records and sync markers from the broker, on their way through the {@link RecordSpool} to the
 * door loop. Paho's thread spools them ({@link #spool}, never waiting for the door); the loop
 * takes them as tasks when no badge or pin change waits ({@link #next}).
 */
final class RecordFeed implements DoorLoop.Feed {

    private final RecordSpool spool;
    private final RecordIntake intake;
    private final Reconciliation reconciliation;
    private final Runnable resync;
    /** A message could not be spooled; set on Paho's thread, read on the loop's. */
    private volatile boolean lost;
    private boolean resyncAsked;

    /**
     * @param resync asks the broker link for a new sync: records were taken from the spool but
     *     their step could not be committed, so they are gone until the broker sends them again
     */
    RecordFeed(RecordSpool spool, RecordIntake intake, Reconciliation reconciliation, Runnable resync) {
        this.spool = spool;
        this.intake = intake;
        this.reconciliation = reconciliation;
        this.resync = resync;
    }

    /** Called on Paho's thread. */
    void spool(RecordSpool.Kind kind, String topic, byte[] payload) {
        if (!spool.append(kind, topic, payload)) {
            lost = true;
        }
    }

    @Override
    public DoorLoop.Task next() {
        RecordSpool.Entry e = spool.next();
        if (e == null) {
            return null;
        }
        return switch (e.kind()) {
            case SYNC_START -> now -> {
                reconciliation.start(text(e));
                lost = false;
                resyncAsked = false;
                return List.of();
            };
            case SYNCED -> now -> {
                reconciliation.storeKept();
                return List.of();
            };
            case SYNC_MARKER -> new DoorLoop.Task() {
                @Override
                public List<Event> run(Instant now) {
                    if (lost) {
                        reconciliation.spoiled("broker messages were lost on the door's side (the intake spool could not be written)");
                    }
                    return reconciliation.marker(text(e), now);
                }

                @Override
                public void finished(boolean committed) {
                    reconciliation.afterCommit(committed);
                }
            };
            case RECORD -> new DoorLoop.Task() {
                private final boolean ofSync = reconciliation.running();

                @Override
                public boolean durable() {
                    return !ofSync;
                }

                @Override
                public List<Event> run(Instant now) {
                    return intake.apply(e.topic(), e.payload(), now);
                }

                @Override
                public List<Event> failed(Instant now, RuntimeException cause) {
                    return intake.failed(e.topic(), cause, now);
                }

                @Override
                public void finished(boolean committed) {
                    if (!committed && !resyncAsked) {
                        resyncAsked = true;
                        reconciliation.spoiled("records of this sync could not be committed");
                        resync.run();
                    }
                }
            };
        };
    }

    private static String text(RecordSpool.Entry e) {
        return new String(e.payload(), StandardCharsets.UTF_8);
    }
}
