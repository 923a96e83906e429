package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How far the outbox has delivered: every event up to this {@code seq} has been acknowledged
 * by the broker. Persisted, so a restart resumes with the first unacknowledged event.
 */
public final class DeliveryMark {

    private final Database db;

    public DeliveryMark(Database db) {
        this.db = db;
    }

    public long deliveredSeq() {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT delivered_seq FROM outbox WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("reading the delivery mark failed: " + e.getMessage(), e);
        }
    }

    /** Moves the mark forward; never back. */
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
}
