package org.accessctl.app;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.accessctl.core.DoorStatus;
import org.accessctl.core.ElapsedTime;
import org.accessctl.systemd.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door loop's word to the service manager. It runs on the loop thread after every turn, so a
 * watchdog ping means the loop itself turned, not just that the process exists: a loop wedged on
 * a lock or a dead disk stops the pings, and systemd kills and restarts the door. Pings go out at
 * a quarter of the watchdog interval (at most once a second), and the status line only when it
 * changes.
 */
final class ServiceHeartbeat implements DoorLoop.Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(ServiceHeartbeat.class);
    private static final Duration MAX_PING_GAP = Duration.ofSeconds(1);

    private final ServiceManager manager;
    private final BooleanSupplier brokerOnline;
    private final ElapsedTime elapsed;
    private final long pingEvery;
    private long lastPing;
    private boolean pinged;
    private boolean ready;
    private String lastStatus;

    ServiceHeartbeat(ServiceManager manager, BooleanSupplier brokerOnline, ElapsedTime elapsed) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.brokerOnline = Objects.requireNonNull(brokerOnline, "brokerOnline");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
        Duration quarter = manager.watchdogInterval().map(d -> d.dividedBy(4)).orElse(MAX_PING_GAP);
        this.pingEvery = (quarter.compareTo(MAX_PING_GAP) < 0 ? quarter : MAX_PING_GAP).toNanos();
    }

    /** The door answers badges now; called on the loop thread once the readers are open. */
    void ready(DoorStatus status) {
        ready = true;
        lastStatus = describe(status);
        try {
            manager.ready(lastStatus);
        } catch (RuntimeException e) {
            log.warn("cannot tell the service manager the door is ready: {}", e.toString());
        }
    }

    @Override
    public void beat(DoorStatus status) {
        try {
            long now = elapsed.nanos();
            if (manager.watchdogInterval().isPresent() && (!pinged || now - lastPing >= pingEvery)) {
                manager.watchdog();
                lastPing = now;
                pinged = true;
            }
            if (ready) {
                String line = describe(status);
                if (!line.equals(lastStatus)) {
                    lastStatus = line;
                    manager.status(line);
                }
            }
        } catch (RuntimeException e) {
            // The watchdog will notice if this keeps failing; the door itself must not stop for it.
            log.warn("service manager notification failed: {}", e.toString());
        }
    }

    /** What {@code systemctl status} shows: broker, who is inside, the strike, alarms. */
    String describe(DoorStatus status) {
        StringBuilder b = new StringBuilder();
        b.append(brokerOnline.getAsBoolean() ? "online" : "offline (broker unreachable)");
        int inside = status.occupants().size();
        b.append(", ").append(inside).append(inside == 1 ? " person inside" : " people inside");
        b.append(", strike ").append(status.locked() ? "locked" : "released");
        if (status.lockdown()) {
            b.append(", lockdown");
        }
        if (!status.alarms().isEmpty()) {
            b.append(", alarms: ").append(String.join(" ",
                    status.alarms().stream().map(a -> a.kind()).distinct().toList()));
        }
        return b.toString();
    }
}
