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
import org.accessctl.core.DoorMemory;
import org.accessctl.core.Event;
import org.accessctl.json.Json;

/**
 * The door's append-only event log. Each event gets the next {@code seq} and a {@code chain}:
 * SHA-256 over the previous chain (64 zeros before seq 1) followed by this event's canonical
 * JSON (RFC 8785) without {@code chain}. The JSON stored is exactly what is published, so a
 * subscriber can check the chain on its own copy.
 */
public final class EventLog {

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

    /** Commits the events in one transaction (one fsync) and returns them as recorded. */
    public List<RecordedEvent> append(List<Event> events) {
        return append(events, null);
    }

    /**
     * Commits the events and the door's memory that they changed in one transaction, closes the
     * visits they complete and remembers the command ids they accept: the log and the state it
     * describes never disagree.
     *
     * @param memory the door's memory to store with them, or null when it did not change
     */
    public List<RecordedEvent> append(List<Event> events, DoorMemory memory) {
        if (events.isEmpty() && memory == null) {
            return List.of();
        }
        return commit(() -> events, () -> memory);
    }

    /**
     * Runs one step of the door in one transaction: {@code changes} writes what it changes (records
     * from the broker, through stores on this log's database) and returns the events it caused;
     * then the events, and the door's memory if {@code memory} gives one, are written with it.
     * All of it is committed, or none of it: a record and the events it causes never part.
     */
    public List<RecordedEvent> commit(Supplier<List<Event>> changes, Supplier<DoorMemory> memory) {
        if (db.inTransactionNow()) {
            // seq and chain advance in memory when this commit succeeds; inside someone else's
            // transaction that could still roll back, they would run ahead of the file.
            throw new IllegalStateException("events are appended in a transaction of their own");
        }
        List<RecordedEvent> recorded = new ArrayList<>();
        String[] last = new String[1];
        db.inTransaction(c -> {
            List<Event> events = changes.get();
            DoorMemory m = memory.get();
            last[0] = write(c, events, recorded);
            if (m != null) {
                DoorMemoryStore.save(c, m);
            }
            return null;
        });
        // Only after the commit: a failed write leaves seq and chain where they were.
        if (!recorded.isEmpty()) {
            lastSeq = recorded.get(recorded.size() - 1).seq();
            lastChain = last[0];
        }
        return recorded;
    }

    /** Numbers, chains and inserts the events with their effects; returns the last chain. */
    private String write(Connection c, List<Event> events, List<RecordedEvent> recorded) throws SQLException {
        long seq = lastSeq;
        String chain = lastChain;
        List<String> chains = new ArrayList<>(events.size());
        for (Event e : events) {
            seq++;
            Map<String, Object> body = e.toJson(seq, siteId, doorId, zone);
            chain = chain(chain, Json.canonical(body));
            body.put("chain", chain);
            recorded.add(new RecordedEvent(seq, e.type(), Json.canonical(body)));
            chains.add(chain);
        }
        if (events.isEmpty()) {
            return chain;
        }
        insert(c, events, recorded, chains);
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

    /**
     * Stores what {@code changes} writes (records of a running sync that cause no event) in one
     * transaction that does not wait for the disk. A power cut may undo it; the sync then starts
     * over, and the event that ends a sync, committed durably, makes everything before it durable.
     */
    public void commitCopyOnly(Runnable changes) {
        db.inTransactionNotWaitingForDisk(changes);
    }

    /**
     * Runs {@code work} inside {@link #commit}'s transaction as a unit of its own: if it throws,
     * what it wrote is undone and the exception passes on; the rest of the step stands.
     */
    public <T> T unit(Supplier<T> work) {
        return db.savepoint(c -> work.get());
    }

    public long lastSeq() {
        return lastSeq;
    }

    /** Events after {@code afterSeq}, in order, at most {@code limit}. */
    public static List<RecordedEvent> readAfter(Database db, long afterSeq, int limit) {
        try (PreparedStatement s = db.connection().prepareStatement(
                "SELECT seq, type, json FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
            s.setLong(1, afterSeq);
            s.setInt(2, limit);
            List<RecordedEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new RecordedEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the event log failed: " + e.getMessage(), e);
        }
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

    private static void insert(Connection c, List<Event> events, List<RecordedEvent> recorded, List<String> chains)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO events (seq, at, type, json, chain) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < recorded.size(); i++) {
                RecordedEvent r = recorded.get(i);
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
