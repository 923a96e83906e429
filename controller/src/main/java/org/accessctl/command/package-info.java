/**
 * Signed operator commands: the compact and JSON JWS forms, Ed25519 signing and verification, and
 * every reason a command is refused.
 */
package org.accessctl.command;
