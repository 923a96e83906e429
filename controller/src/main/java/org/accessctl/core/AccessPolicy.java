package org.accessctl.core;

import java.util.Optional;

/** Who may come in alone: the rules for a single badge at the entry reader. */
final class AccessPolicy {

    private final String doorId;

    AccessPolicy(String doorId) {
        this.doorId = doorId;
    }

    AccessDecision decideEntry(Optional<Person> holder) {
        if (holder.isEmpty()) {
            return new AccessDecision.Denied(DenialReason.UNKNOWN_BADGE);
        }
        Person person = holder.get();
        if (!person.active()) {
            return new AccessDecision.Denied(DenialReason.INACTIVE);
        }
        if (!person.mayUse(doorId)) {
            return new AccessDecision.Denied(DenialReason.WRONG_DOOR);
        }
        if (!person.hasRole(Person.ROLE_ACCESS)) {
            // Staff without the access role (escort or operator only) enter with someone who has it.
            return new AccessDecision.Denied(DenialReason.ESCORT_REQUIRED);
        }
        return new AccessDecision.Granted(person);
    }
}
