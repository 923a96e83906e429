package org.accessctl.sim.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small MQTT 3.1.1 broker (3.1 accepted too) so the simulator works without an external one.
 * It behaves like Mosquitto where the door depends on it: retained messages and retained wills,
 * persistent sessions, QoS 0/1/2, '+' and '#' filters, keep-alive, client-id takeover.
 *
 * <p>It listens only on the address it is given and sends nothing anywhere else. Username and
 * password are accepted and ignored: the simulator binds it to loopback, where every local user
 * could reach the door's topics anyway. State lives in memory for as long as the broker runs.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final String bindHost;
    private final int requestedPort;
    private final BrokerLimits limits;
    private final MessageRouter router;
    private final SessionRegistry registry;
    private final Set<ClientConnection> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;
    private volatile boolean closed;

    /** @param port 0 picks a free port; {@link #port()} tells which */
    public EmbeddedBroker(String bindHost, int port) {
        this(bindHost, port, BrokerLimits.defaults());
    }

    public EmbeddedBroker(String bindHost, int port, BrokerLimits limits) {
        this.bindHost = bindHost;
        this.requestedPort = port;
        this.limits = limits;
        this.router = new MessageRouter(limits);
        this.registry = new SessionRegistry(router, limits);
    }

    public synchronized void start() throws IOException {
        if (listener != null || closed) {
            throw new IllegalStateException("broker already started");
        }
        ServerSocket socket = new ServerSocket();
        try {
            // Lets a restarted simulator bind again while old connections linger in TIME_WAIT.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindHost), requestedPort), 50);
        } catch (IOException e) {
            socket.close();
            throw new IOException("MQTT broker cannot listen on " + bindHost + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        listener = socket;
        Thread acceptor = new Thread(this::acceptLoop, "mqtt-broker-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("MQTT broker listening on {}:{}", bindHost, port());
    }

    /** The port the broker listens on (the chosen one when started with port 0). */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("broker not started");
        }
        return listener.getLocalPort();
    }

    /** The address for clients, e.g. {@code tcp://127.0.0.1:1883}. */
    public String url() {
        String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
        return "tcp://" + host + ":" + port();
    }

    /** Stops listening and closes every connection. Idempotent. */
    @Override
    public void close() {
        ServerSocket socket;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            socket = listener;
        }
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("Closing the listener: {}", e.toString());
            }
        }
        connections.forEach(ClientConnection::shutdown);
        log.info("MQTT broker stopped");
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("MQTT broker stops accepting connections", e);
                }
                return;
            }
            if (closed || connections.size() >= limits.maxConnections()) {
                if (!closed) {
                    log.warn("Refusing connection from {}: {} connections already", socket.getRemoteSocketAddress(),
                            connections.size());
                }
                closeQuietly(socket);
                continue;
            }
            try {
                socket.setTcpNoDelay(true); // acks and small door messages must not wait for Nagle
                ClientConnection connection = new ClientConnection(socket, router, registry, limits, connections::remove);
                connections.add(connection);
                connection.start();
                if (closed) {
                    connection.shutdown();
                }
            } catch (IOException | RuntimeException e) {
                log.warn("Could not serve connection from {}: {}", socket.getRemoteSocketAddress(), e.toString());
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with a socket we are refusing
        }
    }
}
