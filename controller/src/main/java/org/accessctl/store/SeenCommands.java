package org.accessctl.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.accessctl.command.ReplayGuard;

/**
 * The ids ({@code jti}) of accepted remote commands, kept in the door's database so that a token
 * captured off the network is refused as {@code replayed} even after a restart.
 *
 * <p>Times are stored as {@code yyyy-MM-ddTHH:mm:ssZ} in whole seconds, a fixed-width text that
 * sorts like the instants it names, so purging is a plain comparison.
 */
public final class SeenCommands implements ReplayGuard {

    /**
     * How long an id is kept after its token expired. A token is refused as expired anyway once
     * its {@code exp} has passed, but a Raspberry Pi has no battery clock: if its clock is stepped
     * back (a late NTP sync), an expired token would look valid again, and its id must still be
     * remembered then.
     */
    public static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private final Database db;

    public SeenCommands(Database db) {
        this.db = db;
    }

    @Override
    public boolean seen(String jti) {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT 1 FROM seen_commands WHERE jti = ?")) {
            s.setString(1, jti);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new StoreException("reading the seen commands failed: " + e.getMessage(), e);
        }
    }

    /** Remembers an id in a transaction of its own. */
    @Override
    public void remember(String jti, Instant expiresAt) {
        db.inTransaction(c -> {
            remember(c, jti, expiresAt);
            return null;
        });
    }

    /**
     * Remembers an id as part of the caller's transaction (e.g. the one that commits the
     * {@code command_accepted} event), so the acceptance and the memory of it are one commit.
     * An id remembered twice fails the transaction: the door loop checks {@link #seen} first,
     * so that only happens if something is badly wrong, and then nothing should be committed.
     */
    public static void remember(Connection c, String jti, Instant expiresAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO seen_commands (jti, expires_at) VALUES (?, ?)")) {
            s.setString(1, jti);
            s.setString(2, text(expiresAt));
            s.executeUpdate();
        }
    }

    /**
     * Forgets the ids of tokens that expired more than {@link #KEPT_AFTER_EXPIRY} before
     * {@code now}; returns how many.
     */
    public int purgeExpired(Instant now) {
        Instant cutoff = now.minus(KEPT_AFTER_EXPIRY);
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM seen_commands WHERE expires_at < ?")) {
                s.setString(1, text(cutoff));
                return s.executeUpdate();
            }
        });
    }

    public int count() {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT count(*) FROM seen_commands");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("reading the seen commands failed: " + e.getMessage(), e);
        }
    }

    private static String text(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
