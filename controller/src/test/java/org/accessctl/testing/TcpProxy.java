package org.accessctl.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy a test can cut: while closed, it refuses connections and has dropped
 * every open one, as a network outage or an unplugged cable would. Stops by itself on close.
 * It can also be a slow link ({@link #slow}): what the server sends reaches the client no faster
 * than a set rate, as over a real network, where loopback would hide a server that sends faster
 * than the link carries.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    /** Server to client, in bytes a second; 0: as fast as loopback. */
    private final long bytesPerSecond;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean passing;
    private volatile boolean closed;

    /** A proxy to {@code 127.0.0.1:targetPort}, closed until {@link #open()} is called. */
    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, 0);
    }

    /** A proxy to {@code 127.0.0.1:targetPort} that carries the server's bytes at {@code bytesPerSecond}. */
    public static TcpProxy slow(int targetPort, long bytesPerSecond) throws IOException {
        return new TcpProxy(targetPort, bytesPerSecond);
    }

    private TcpProxy(int targetPort, long bytesPerSecond) throws IOException {
        this.targetPort = targetPort;
        this.bytesPerSecond = bytesPerSecond;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::accept, "tcp-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void open() {
        passing = true;
    }

    /** Drops every connection and refuses new ones until opened again. */
    public void cut() {
        passing = false;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (!passing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket server = new Socket();
                if (bytesPerSecond > 0) {
                    // A link's own buffer is small; the server's socket fills once it is full.
                    server.setReceiveBufferSize(64 * 1024);
                }
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(client, server, 0);
                pump(server, client, bytesPerSecond);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, long rate) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            long start = System.nanoTime();
            long carried = 0;
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    carried += n;
                    if (rate > 0) {
                        // Pacing, not waiting for an outcome: the link takes this long to carry it.
                        long due = start + carried * 1_000_000_000L / rate;
                        long early = due - System.nanoTime();
                        if (early > 0) {
                            Thread.sleep(early / 1_000_000L, (int) (early % 1_000_000L));
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the other side or a cut ended it
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
