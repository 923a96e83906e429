package org.accessctl.sim.broker;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A socket's input that gives up when the next complete packet is overdue: the CONNECT within the
 * connect timeout, then any packet within one and a half keep-alive periods (3.1.1 section 3.1.2.10).
 * The deadline is per packet, so a client trickling bytes cannot hold a connection open.
 */
final class KeepAliveInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private long windowNanos;
    private long deadline;
    private String overdue;

    KeepAliveInput(Socket socket, Duration connectWithin) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        expectPacketsWithin(connectWithin.toNanos(), "no CONNECT within " + connectWithin.toMillis() + " ms");
    }

    /** Keep-alive 0 switches the check off, as the spec says. */
    void useKeepAlive(int seconds) {
        expectPacketsWithin(seconds == 0 ? 0 : Duration.ofSeconds(seconds).toNanos() * 3 / 2,
                "silent for 1.5 times its keep-alive of " + seconds + " s");
    }

    void packetReceived() {
        deadline = System.nanoTime() + windowNanos;
    }

    private void expectPacketsWithin(long nanos, String whenOverdue) {
        windowNanos = nanos;
        overdue = whenOverdue;
        packetReceived();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (windowNanos == 0) {
            socket.setSoTimeout(0);
        } else {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException(overdue);
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
        }
        try {
            return in.read(buffer, offset, length);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException(overdue);
        }
    }
}
