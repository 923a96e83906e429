package org.accessctl.core;

/** The outcome of one badge at the entry reader. */
sealed interface AccessDecision {

    record Granted(Person person) implements AccessDecision {
    }

    record Denied(DenialReason reason) implements AccessDecision {
    }
}
