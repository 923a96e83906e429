package org.accessctl.core;

import java.util.Optional;

/**
 * The door's local copy of who may enter, as the core reads it. The store implements it over
 * indexed SQLite tables; tests use a map. Lookups must not block on the network.
 */
public interface Directory {

    /** The person whose badge this is; {@code uid} is upper case. */
    Optional<Person> personByBadge(String uid);
}
