package org.accessctl.command;

import java.time.Instant;

/**
 * The door's memory of the command ids ({@code jti}) it has accepted, so that a token captured
 * off the network cannot be played again. It must survive restarts: a token stays valid for up
 * to two minutes, and a door can restart within that.
 */
public interface ReplayGuard {

    /** Whether a command with this id was accepted before. */
    boolean seen(String jti);

    /**
     * Remembers an accepted command's id until well after it expires. The door calls this (or
     * the store's transactional equivalent) when it commits the acceptance, not the verifier.
     */
    void remember(String jti, Instant expiresAt);
}
