package org.accessctl.command;

import java.time.Instant;

/**
 * A token made by {@link CommandSigner}, with the two things its sender needs to follow it up:
 * the {@code jti} the door's result will name, and when the token stops being accepted.
 */
public record SignedCommand(String token, String jti, Instant expiresAt) {
}
