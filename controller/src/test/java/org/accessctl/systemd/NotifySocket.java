package org.accessctl.systemd;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.accessctl.testing.Await;

/** A real Unix datagram socket bound where systemd's would be, receiving what the door sends. */
public final class NotifySocket implements AutoCloseable {

    private static final int MSG_DONTWAIT = 0x40;
    private static final int EAGAIN = 11;

    private final int fd;

    public NotifySocket(String name) {
        SocketLibC c = SocketLibC.INSTANCE;
        fd = c.socket(SocketLibC.AF_UNIX, SocketLibC.SOCK_DGRAM | SocketLibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket: " + SocketLibC.lastError());
        }
        UnixAddress address = UnixAddress.of(name);
        if (c.bind(fd, address.bytes(), address.length()) != 0) {
            String error = SocketLibC.lastError();
            c.close(fd);
            throw new IllegalStateException("bind " + name + ": " + error);
        }
    }

    /** The next datagram, waiting for it. */
    public String receive() {
        AtomicReference<String> got = new AtomicReference<>();
        Await.until(Duration.ofSeconds(5), () -> {
            byte[] buf = new byte[4096];
            long n = SocketLibC.INSTANCE.recv(fd, buf, new NativeLong(buf.length), MSG_DONTWAIT).longValue();
            if (n < 0) {
                if (Native.getLastError() != EAGAIN) {
                    throw new IllegalStateException("recv: " + SocketLibC.lastError());
                }
                return false;
            }
            got.set(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
            return true;
        }, () -> "a notification on the socket");
        return got.get();
    }

    @Override
    public void close() {
        SocketLibC.INSTANCE.close(fd);
    }
}
