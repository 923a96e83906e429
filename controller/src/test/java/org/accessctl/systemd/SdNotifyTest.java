package org.accessctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notification protocol against a real Unix datagram socket, as systemd binds it. */
class SdNotifyTest {

    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void readyWatchdogStatusAndStoppingReachAPathSocket() {
        String path = dir.resolve("notify").toString();
        try (NotifySocket socket = new NotifySocket(path)) {
            ServiceManager manager = SdNotify.fromEnvironment(
                    Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "10000000", "WATCHDOG_PID", Long.toString(PID)), PID);
            assertEquals(Optional.of(Duration.ofSeconds(10)), manager.watchdogInterval());

            manager.ready("online, 0 people inside, strike locked");
            assertEquals("READY=1\nSTATUS=online, 0 people inside, strike locked", socket.receive());
            manager.watchdog();
            assertEquals("WATCHDOG=1", socket.receive());
            manager.status("offline (broker unreachable), 1 person inside, strike locked");
            assertEquals("STATUS=offline (broker unreachable), 1 person inside, strike locked", socket.receive());
            manager.stopping();
            assertTrue(socket.receive().startsWith("STOPPING=1\n"));
        }
    }

    @Test
    void anAbstractSocketNameWorks() {
        String name = "@door-controller-test-" + PID + "-" + System.nanoTime();
        try (NotifySocket socket = new NotifySocket(name)) {
            ServiceManager manager = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", name), PID);
            assertEquals(Optional.empty(), manager.watchdogInterval(), "no WATCHDOG_USEC: no watchdog");
            manager.ready("up");
            assertEquals("READY=1\nSTATUS=up", socket.receive());
        }
    }

    @Test
    void withoutTheSocketNothingIsSent() {
        assertSame(ServiceManager.NONE, SdNotify.fromEnvironment(Map.of(), PID));
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsNotOurs() {
        ServiceManager manager = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("n").toString(),
                "WATCHDOG_USEC", "10000000", "WATCHDOG_PID", "1"), PID == 1 ? 2 : PID);
        assertEquals(Optional.empty(), manager.watchdogInterval());
    }

    @Test
    void aSocketThatIsGoneIsLoggedNotThrown() {
        ServiceManager manager = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), PID);
        manager.ready("up");
        manager.status("still up");
    }
}
