package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.core.Backlog;
import org.accessctl.core.CommittedEvent;

/**
 * How far the outbox has delivered: every event up to this {@code seq} has been acknowledged
 * by the broker. Persisted, so a restart resumes with the first unacknowledged event. The outbox
 * reads the log after it on a connection of its own.
 */
public final class DeliveryMark implements Backlog {

    private final Database db;

    public DeliveryMark(Database db) {
        this.db = db;
    }

    @Override
    public long deliveredSeq() {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT delivered_seq FROM outbox WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("reading the delivery mark failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void markDelivered(long seq) {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE outbox SET delivered_seq = ? WHERE id = 1 AND delivered_seq < ?")) {
                s.setLong(1, seq);
                s.setLong(2, seq);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<CommittedEvent> after(long afterSeq, int limit) {
        try (PreparedStatement s = db.connection().prepareStatement(
                "SELECT seq, type, json FROM events WHERE seq > ? ORDER BY seq LIMIT ?")) {
            s.setLong(1, afterSeq);
            s.setInt(2, limit);
            List<CommittedEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new CommittedEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading the event log failed: " + e.getMessage(), e);
        }
    }
}
