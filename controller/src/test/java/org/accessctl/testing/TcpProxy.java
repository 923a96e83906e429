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
 * It can also stall ({@link #stalling}): after the first bytes of each connection it carries
 * nothing from the server until {@link #release()}, as a real link slower than the server would
 * (loopback hides a server that sends faster than the link carries), only without any timing.
 */
public final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    /** Server to client: bytes carried before the link stalls; negative: it never does. */
    private final long stallAfter;
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean passing;
    private volatile boolean closed;

    /** A proxy to {@code 127.0.0.1:targetPort}, closed until {@link #open()} is called. */
    public TcpProxy(int targetPort) throws IOException {
        this(targetPort, -1);
    }

    /**
     * A proxy to {@code 127.0.0.1:targetPort} that stalls each connection's server-to-client
     * stream after {@code bytes} (enough for the handshake) until {@link #release()}.
     */
    public static TcpProxy stalling(int targetPort, long bytes) throws IOException {
        return new TcpProxy(targetPort, bytes);
    }

    private TcpProxy(int targetPort, long stallAfter) throws IOException {
        this.targetPort = targetPort;
        this.stallAfter = stallAfter;
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

    /** A stalled link carries on, at loopback speed, for good. */
    public void release() {
        released.countDown();
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
                if (stallAfter >= 0) {
                    // A link's own buffer is small; the server's socket fills once it is full.
                    server.setReceiveBufferSize(64 * 1024);
                }
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                pump(client, server, -1);
                pump(server, client, stallAfter);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, long stallAfter) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            long carried = 0;
            try {
                int n;
                while ((n = in.read(buf, 0, stallAfter < 0 || carried >= stallAfter ? buf.length
                        : (int) Math.min(buf.length, stallAfter - carried))) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    carried += n;
                    if (stallAfter >= 0 && carried >= stallAfter) {
                        released.await(); // the server's socket fills meanwhile, as behind a slow link
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
