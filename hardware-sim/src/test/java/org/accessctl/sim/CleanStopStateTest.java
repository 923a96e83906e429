package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A door stopped cleanly in the middle of a grant leaves the broker, which outlives it, holding a
 * retained state that says what the pins say once it is gone: locked.
 */
class CleanStopStateTest {

    private static final String STATE = "accessctl/main/doors/door-1/state";

    @TempDir
    Path dir;

    private MosquittoProcess broker;

    @BeforeEach
    void start() {
        broker = MosquittoProcess.start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void theRetainedStateSaysLockedAfterACleanStopDuringAGrant() throws Exception {
        try (EventWatcher watcher = new EventWatcher(broker.url(), STATE)) {
            Simulator sim = Simulator.withBroker(dir, broker.url());
            try {
                sim.call("/api/rex", "{}");
                watcher.await("/state", r -> r.payload().contains("\"lock\":\"unlocked\""), Duration.ofSeconds(10));
            } finally {
                sim.close();
            }
        }
        // A newcomer after the door has gone reads what the broker kept.
        try (EventWatcher late = new EventWatcher(broker.url(), STATE, "accessctl/main/doors/door-1/status")) {
            EventWatcher.Received state = late.await("/state", EventWatcher.Received::retained, Duration.ofSeconds(10));
            assertEquals("locked", state.json().get("lock"), state.payload());
            EventWatcher.Received status = late.await("/status", EventWatcher.Received::retained, Duration.ofSeconds(10));
            assertEquals("offline", status.payload());
        }
    }
}
