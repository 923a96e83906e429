package org.accessctl.command;

/** What {@link CommandVerifier} decided about one token: a command to carry out, or a refusal. */
public sealed interface Verification permits VerifiedCommand, Rejection {

    boolean accepted();
}
