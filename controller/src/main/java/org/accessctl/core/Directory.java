package org.accessctl.core;

import java.util.List;
import java.util.Optional;

/**
 * The door's local copy of who may enter, as the core reads it. The store implements it over
 * indexed SQLite tables, so every lookup costs the same with ten records or a hundred thousand;
 * tests use maps. Lookups must not block on the network.
 */
public interface Directory {

    /** How many visits of one badge the core looks at: the badge is reused, its old visits pile up. */
    int VISITS_PER_BADGE = 16;

    /** The person whose badge this is; {@code uid} is upper case. */
    Optional<Person> personByBadge(String uid);

    Optional<Person> personById(String personId);

    /** The visits issued with this badge, latest {@code validUntil} first, at most {@link #VISITS_PER_BADGE}. */
    List<Visit> visitsByBadge(String uid);

    Optional<Visit> visitById(String visitId);

    Optional<Schedule> scheduleById(String scheduleId);
}
