package org.accessctl.sim.broker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's TCP connection: a reader thread that speaks the protocol and a writer thread that
 * drains the outbox, so a client that reads slowly only ever stalls its own threads. Whatever
 * ends the connection other than DISCONNECT (the socket closing, a keep-alive timeout, a protocol
 * violation) publishes the client's will.
 */
final class ClientConnection {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    private final Socket socket;
    private final MessageRouter router;
    private final SessionRegistry registry;
    private final BrokerLimits limits;
    private final Consumer<ClientConnection> onEnd;
    private final Outbox outbox = new Outbox();
    private final AtomicReference<Message> will = new AtomicReference<>();
    private final String address;
    private volatile String name;
    private volatile boolean closing;
    private volatile boolean brokerClosing;
    private Session session;

    ClientConnection(Socket socket, MessageRouter router, SessionRegistry registry, BrokerLimits limits,
                     Consumer<ClientConnection> onEnd) {
        this.socket = socket;
        this.router = router;
        this.registry = registry;
        this.limits = limits;
        this.onEnd = onEnd;
        this.address = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.name = "at " + address;
    }

    void start() {
        daemon("mqtt-in-" + address, this::serve).start();
    }

    /** Closes this connection because a newer one took over its client id. */
    void evict(boolean publishWill) {
        closing = true;
        Message lastWill = will.getAndSet(null);
        if (publishWill && lastWill != null) {
            log.debug("Publishing will of client {} on takeover", name);
            router.publish(lastWill);
        }
        closeSocket();
    }

    /** Closes this connection because the broker stops; no will: there is no one left to tell. */
    void shutdown() {
        brokerClosing = true;
        closing = true;
        closeSocket();
    }

    private void serve() {
        try {
            KeepAliveInput input = new KeepAliveInput(socket, limits.connectTimeout());
            PacketReader reader = new PacketReader(new BufferedInputStream(input, 8192), limits.maxPacketSize());
            if (!handshake(reader, input)) {
                return;
            }
            while (true) {
                RawPacket packet = reader.read();
                if (packet == null) {
                    log.info("Client {} closed its connection without DISCONNECT", name);
                    return;
                }
                input.packetReceived();
                if (!outbox.awaitRoomForReplies(limits.stalledClientTimeout().toMillis())) {
                    if (!closing) {
                        log.warn("Closing connection of client {}: it does not read what the broker sends", name);
                    }
                    return;
                }
                if (!handle(packet)) {
                    return;
                }
            }
        } catch (ProtocolViolationException e) {
            log.warn("Closing connection of client {}: {}", name, e.getMessage());
        } catch (SocketTimeoutException e) {
            log.warn("Closing connection of client {}: {}", name, e.getMessage());
        } catch (IOException e) {
            if (!closing) {
                log.info("Connection of client {} lost: {}", name, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Closing connection of client {} after an internal error", name, e);
        } finally {
            end();
        }
    }

    /** Reads and answers the CONNECT; false if the connection is to be closed. */
    private boolean handshake(PacketReader reader, KeepAliveInput input) throws IOException {
        RawPacket first = reader.read();
        if (first == null) {
            log.debug("Connection {} closed before CONNECT", address);
            return false;
        }
        if (first.type() != PacketType.CONNECT) {
            throw new ProtocolViolationException("first packet is " + first.typeName() + ", not CONNECT");
        }
        ConnectPacket connect;
        try {
            connect = ConnectPacket.parse(first);
        } catch (ConnectPacket.Refused refused) {
            log.warn("Refusing connection {}: {}", address, refused.getMessage());
            socket.getOutputStream().write(PacketEncoder.connack(false, refused.returnCode));
            return false;
        }
        input.useKeepAlive(connect.keepAliveSeconds());
        input.packetReceived();
        will.set(connect.will());
        daemon("mqtt-out-" + address, this::writeLoop).start();
        session = registry.connect(this, connect, outbox);
        name = session.clientId();
        log.debug("Client {} connected from {} (clean session {}, keep-alive {} s)", name, address,
                connect.cleanSession(), connect.keepAliveSeconds());
        return true;
    }

    /** Handles one packet after CONNECT; false after DISCONNECT. */
    private boolean handle(RawPacket packet) throws ProtocolViolationException {
        switch (packet.type()) {
            case PacketType.PUBLISH -> receivePublish(PublishPacket.parse(packet));
            case PacketType.PUBACK -> session.acknowledged(packetId(packet, 0));
            case PacketType.PUBREC -> {
                int id = packetId(packet, 0);
                session.received(id);
                outbox.addReply(PacketEncoder.pubrel(id));
            }
            case PacketType.PUBREL -> {
                int id = packetId(packet, 0x02);
                session.released(id);
                outbox.addReply(PacketEncoder.pubcomp(id));
            }
            case PacketType.PUBCOMP -> session.completed(packetId(packet, 0));
            case PacketType.SUBSCRIBE -> router.subscribe(session, SubscribePacket.parse(packet), outbox);
            case PacketType.UNSUBSCRIBE -> {
                UnsubscribePacket unsubscribe = UnsubscribePacket.parse(packet);
                router.unsubscribe(session, unsubscribe.filters());
                outbox.addReply(PacketEncoder.unsuback(unsubscribe.packetId()));
            }
            case PacketType.PINGREQ -> {
                requireEmpty(packet);
                outbox.addReply(PacketEncoder.pingresp());
            }
            case PacketType.DISCONNECT -> {
                requireEmpty(packet);
                will.set(null); // a clean goodbye: the will is discarded unpublished
                log.debug("Client {} disconnected", name);
                return false;
            }
            default -> throw new ProtocolViolationException("unexpected " + packet.typeName() + " packet");
        }
        return true;
    }

    private void receivePublish(PublishPacket publish) {
        Message message = publish.message();
        switch (message.qos()) {
            case 0 -> router.publish(message);
            case 1 -> {
                router.publish(message);
                outbox.addReply(PacketEncoder.puback(publish.packetId()));
            }
            default -> {
                // Routed on first sight and never again until PUBREL frees the id: exactly once.
                if (session.firstArrival(publish.packetId())) {
                    router.publish(message);
                }
                outbox.addReply(PacketEncoder.pubrec(publish.packetId()));
            }
        }
    }

    private static int packetId(RawPacket packet, int flags) throws ProtocolViolationException {
        packet.requireFlags(flags);
        PacketFields fields = packet.fields();
        int id = fields.u16();
        fields.requireEnd(packet.typeName());
        return id;
    }

    private static void requireEmpty(RawPacket packet) throws ProtocolViolationException {
        packet.requireFlags(0);
        packet.fields().requireEnd(packet.typeName());
    }

    private void writeLoop() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            while (true) {
                byte[] packet = outbox.poll();
                if (packet == null) {
                    // Flush only when nothing else is waiting: bursts leave in few TCP segments.
                    out.flush();
                    outbox.refill();
                    packet = outbox.take();
                    if (packet == null) {
                        return;
                    }
                }
                out.write(packet);
                outbox.refill();
            }
        } catch (IOException e) {
            if (!closing) {
                log.debug("Writing to client {} failed: {}", name, e.toString());
            }
            closeSocket();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end() {
        Message lastWill = will.getAndSet(null);
        if (lastWill != null && !brokerClosing) {
            log.debug("Publishing will of client {}", name);
            router.publish(lastWill);
        }
        if (session != null) {
            registry.disconnected(this, session, outbox);
        }
        closing = true;
        closeSocket();
        onEnd.accept(this);
    }

    private void closeSocket() {
        outbox.close();
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("Closing socket of client {}: {}", name, e.toString());
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }
}
