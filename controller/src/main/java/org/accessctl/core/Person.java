package org.accessctl.core;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Someone who holds a staff badge, as the personnel topic describes them.
 *
 * @param doors the doors this person may use; empty means every door of the site
 * @param publicKey base64 SubjectPublicKeyInfo of the operator's Ed25519 key, or null
 * @param schedule the id of the {@link Schedule} that limits when this person may enter, or null
 */
public record Person(String personId, String name, String badgeUid, Set<String> roles,
                     boolean active, Set<String> doors, String publicKey, String schedule) {

    public static final String ROLE_ACCESS = "access";
    public static final String ROLE_ESCORT = "escort";
    public static final String ROLE_OPERATOR = "operator";
    /** May approve visits: a visit counts only when signed by its approver's key (contract section 7). */
    public static final String ROLE_APPROVER = "approver";

    public Person {
        Objects.requireNonNull(personId, "personId");
        name = name == null ? "" : name;
        badgeUid = badgeUid == null ? null : badgeUid.toUpperCase(Locale.ROOT);
        roles = Set.copyOf(roles);
        doors = Set.copyOf(doors);
    }

    /** A person whom no schedule limits. */
    public Person(String personId, String name, String badgeUid, Set<String> roles, boolean active, Set<String> doors,
                  String publicKey) {
        this(personId, name, badgeUid, roles, active, doors, publicKey, null);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean mayUse(String doorId) {
        return doors.isEmpty() || doors.contains(doorId);
    }
}
