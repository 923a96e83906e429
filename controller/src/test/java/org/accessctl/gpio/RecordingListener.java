package org.accessctl.gpio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Collects door I/O callbacks as words: "open", "closed", "press". */
final class RecordingListener implements DoorIo.Listener {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void doorContactChanged(boolean open) {
        events.add(open ? "open" : "closed");
    }

    @Override
    public void exitButtonPressed() {
        events.add("press");
    }

    /** The next callback, waiting up to a deadline for it; null when none came. */
    String next() throws InterruptedException {
        return events.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * What has arrived so far, without waiting. Pi4J's mock inputs call listeners on the thread
     * that changes their state, so once a test's drive call returns its callbacks are in.
     */
    List<String> drain() {
        List<String> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }
}
