package org.accessctl.sim.broker;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client id to session and to the connection currently using it. Decides, as Mosquitto does, what
 * a CONNECT for an id already in use means: the old connection is closed (its will published
 * unless both the old and the new connection are persistent sessions), and the session is resumed
 * only when both ask for persistence.
 */
final class SessionRegistry {
    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private record Entry(Session session, boolean persistent, ClientConnection connection) {
    }

    private final Map<String, Entry> byClientId = new HashMap<>();
    private final MessageRouter router;
    private final BrokerLimits limits;

    SessionRegistry(MessageRouter router, BrokerLimits limits) {
        this.router = router;
        this.limits = limits;
    }

    /**
     * Binds the connection to its session, queues the CONNACK and starts delivery. Returns the
     * session the connection now uses.
     */
    synchronized Session connect(ClientConnection connection, ConnectPacket connect, Outbox outbox) {
        String clientId = connect.clientId().isEmpty() ? "auto-" + UUID.randomUUID() : connect.clientId();
        boolean persistent = !connect.cleanSession();
        Entry old = byClientId.get(clientId);
        if (old != null && old.connection != null) {
            log.info("Client {} connected again; closing its old connection", clientId);
            old.connection.evict(!(old.persistent && persistent));
        }
        Session session;
        boolean resumed = old != null && old.persistent && persistent;
        if (resumed) {
            session = old.session;
        } else {
            if (old != null) {
                router.forget(old.session);
            }
            session = new Session(clientId, limits);
        }
        byClientId.put(clientId, new Entry(session, persistent, connection));
        // 3.1 has no session-present flag; its CONNACK's first byte must stay 0.
        outbox.addReply(PacketEncoder.connack(resumed && connect.isLevel311(), 0));
        session.attach(outbox);
        return session;
    }

    /** The connection is gone: keep a persistent session for its return, forget a clean one. */
    synchronized void disconnected(ClientConnection connection, Session session, Outbox outbox) {
        session.detach(outbox);
        Entry entry = byClientId.get(session.clientId());
        if (entry == null || entry.connection != connection) {
            return; // taken over: the session now belongs to the newer connection
        }
        if (entry.persistent) {
            byClientId.put(session.clientId(), new Entry(session, true, null));
        } else {
            byClientId.remove(session.clientId());
            router.forget(session);
        }
    }
}
