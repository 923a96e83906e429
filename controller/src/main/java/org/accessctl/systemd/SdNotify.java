package org.accessctl.systemd;

import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notification protocol ({@code sd_notify(3)}): one datagram of {@code KEY=value} lines
 * to the Unix socket named by {@code NOTIFY_SOCKET}. A message that cannot be sent is logged
 * and dropped: the door goes on, and if the watchdog misses it, systemd restarts the door,
 * which is the safe outcome.
 */
public final class SdNotify implements ServiceManager {

    private static final Logger log = LoggerFactory.getLogger(SdNotify.class);

    private final UnixAddress address;
    private final String socketName;
    private final Optional<Duration> watchdog;
    private int fd = -1;
    private boolean warned;

    private SdNotify(String socketName, Optional<Duration> watchdog) {
        this.socketName = socketName;
        this.address = UnixAddress.of(socketName);
        this.watchdog = watchdog;
    }

    /**
     * From the environment systemd gives a {@code Type=notify} service: {@code NOTIFY_SOCKET},
     * and {@code WATCHDOG_USEC} (with {@code WATCHDOG_PID}, when set, naming this process).
     * Without {@code NOTIFY_SOCKET}: {@link ServiceManager#NONE}.
     */
    public static ServiceManager fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return NONE;
        }
        Optional<Duration> watchdog = Optional.empty();
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec != null && (forPid == null || forPid.equals(Long.toString(pid)))) {
            try {
                long micros = Long.parseLong(usec.trim());
                if (micros > 0) {
                    watchdog = Optional.of(Duration.ofNanos(micros * 1000));
                }
            } catch (NumberFormatException e) {
                log.warn("WATCHDOG_USEC={} is not a number; no watchdog pings", usec);
            }
        }
        try {
            return new SdNotify(socket, watchdog);
        } catch (IllegalArgumentException e) {
            log.warn("NOTIFY_SOCKET: {}; the service manager will not hear from the door", e.getMessage());
            return NONE;
        }
    }

    @Override
    public void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    @Override
    public void watchdog() {
        send("WATCHDOG=1");
    }

    @Override
    public void status(String status) {
        send("STATUS=" + status);
    }

    @Override
    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping; strike locked");
    }

    @Override
    public Optional<Duration> watchdogInterval() {
        return watchdog;
    }

    /** Sends one message. Called from the door loop and the shutdown thread: synchronized. */
    synchronized void send(String message) {
        SocketLibC c = SocketLibC.INSTANCE;
        if (fd < 0) {
            fd = c.socket(SocketLibC.AF_UNIX, SocketLibC.SOCK_DGRAM | SocketLibC.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                warnOnce("cannot create a socket: " + SocketLibC.lastError());
                return;
            }
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        long sent = c.sendto(fd, bytes, new NativeLong(bytes.length), SocketLibC.MSG_NOSIGNAL,
                address.bytes(), address.length()).longValue();
        if (sent < 0) {
            warnOnce("cannot send to " + socketName + ": " + SocketLibC.lastError());
        } else {
            warned = false;
        }
    }

    private void warnOnce(String why) {
        if (!warned) {
            warned = true;
            log.warn("service manager notification failed ({}); it may restart the door", why);
        }
    }
}
