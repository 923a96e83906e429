package org.accessctl.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.DoorMemory;
import org.accessctl.core.Event;
import org.accessctl.core.Journal;
import org.accessctl.json.Json;

/**
 * The door's append-only event log. Each event gets the next {@code seq} and a {@code chain}:
 * SHA-256 over the previous chain (64 zeros before seq 1) followed by this event's canonical
 * JSON (RFC 8785) without {@code chain}. The JSON stored is exactly what is published, so a
 * subscriber can check the chain on its own copy. As the door loop's {@link Journal}, it commits
 * what a step wrote through the stores on its database together with the step's events.
 */
public final class EventLog implements Journal {

    public static final String GENESIS_CHAIN = "0".repeat(64);

    private final Database db;
    private final String siteId;
    private final String doorId;
    private final ZoneId zone;
    private long lastSeq;
    private String lastChain;

    public EventLog(Database db, String siteId, String doorId, ZoneId zone) {
        this.db = db;
        this.siteId = siteId;
        this.doorId = doorId;
        this.zone = zone;
        try (PreparedStatement s = db.connection().prepareStatement(
                "SELECT seq, chain FROM events ORDER BY seq DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                lastSeq = rs.getLong(1);
                lastChain = rs.getString(2);
            } else {
                lastSeq = 0;
                lastChain = GENESIS_CHAIN;
            }
        } catch (SQLException e) {
            throw new StoreException("reading the event log failed: " + e.getMessage(), e);
        }
    }

    /** Commits the events in one transaction (one fsync) and returns them as committed. */
    public List<CommittedEvent> append(List<Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return commit(() -> events, () -> null);
    }

    /**
     * Also closes the visits the events complete and remembers the command ids they accept, in
     * the same transaction.
     */
    @Override
    public List<CommittedEvent> commit(Supplier<List<Event>> changes, Supplier<DoorMemory> memory) {
        if (db.inTransactionNow()) {
            // seq and chain advance in memory when this commit succeeds; inside someone else's
            // transaction that could still roll back, they would run ahead of the file.
            throw new IllegalStateException("events are appended in a transaction of their own");
        }
        List<CommittedEvent> committed = new ArrayList<>();
        String[] last = new String[1];
        try {
            db.inTransaction(c -> {
                List<Event> events = changes.get();
                DoorMemory m = memory.get();
                last[0] = write(c, events, committed);
                if (m != null) {
                    DoorMemoryStore.save(c, m);
                }
                return null;
            });
        } catch (RuntimeException e) {
            throw full(e);
        }
        // Only after the commit: a failed write leaves seq and chain where they were.
        if (!committed.isEmpty()) {
            lastSeq = committed.get(committed.size() - 1).seq();
            lastChain = last[0];
        }
        return committed;
    }

    /** Numbers, chains and inserts the events with their effects; returns the last chain. */
    private String write(Connection c, List<Event> events, List<CommittedEvent> committed) throws SQLException {
        long seq = lastSeq;
        String chain = lastChain;
        List<String> chains = new ArrayList<>(events.size());
        for (Event e : events) {
            seq++;
            Map<String, Object> body = e.toJson(seq, siteId, doorId, zone);
            chain = chain(chain, Json.canonical(body));
            body.put("chain", chain);
            committed.add(new CommittedEvent(seq, e.type(), Json.canonical(body)));
            chains.add(chain);
        }
        if (events.isEmpty()) {
            return chain;
        }
        insert(c, events, committed, chains);
        for (Event e : events) {
            if (e instanceof Event.VisitCompleted v) {
                VisitStore.markCompleted(c, v.visitId(), v.at());
            } else if (e instanceof Event.CommandAccepted a) {
                // Remembered with the acceptance itself: a replay after a crash is refused.
                SeenCommands.remember(c, a.jti(), a.expiresAt());
            }
        }
        return chain;
    }

    /** The event that ends a sync, committed durably, makes everything before it durable. */
    @Override
    public void commitCopyOnly(Runnable changes) {
        try {
            db.inTransactionNotWaitingForDisk(changes);
        } catch (RuntimeException e) {
            throw full(e);
        }
    }

    @Override
    public <T> T unit(Supplier<T> work) {
        return db.savepoint(c -> work.get());
    }

    /** SQLite's {@code SQLITE_FULL} as the port says it. */
    private static RuntimeException full(RuntimeException e) {
        return StoreException.isDiskFull(e) ? new Journal.Full(e) : e;
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** SHA-256 of the previous chain's hex followed by the canonical JSON, as lower-case hex. */
    public static String chain(String previousChain, String canonicalJsonWithoutChain) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousChain.getBytes(StandardCharsets.US_ASCII));
            sha.update(canonicalJsonWithoutChain.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void insert(Connection c, List<Event> events, List<CommittedEvent> committed, List<String> chains)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO events (seq, at, type, json, chain) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < committed.size(); i++) {
                CommittedEvent r = committed.get(i);
                s.setLong(1, r.seq());
                s.setString(2, events.get(i).at().toString());
                s.setString(3, r.type());
                s.setString(4, r.json());
                s.setString(5, chains.get(i));
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
