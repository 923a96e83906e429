package org.accessctl.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two-person rule's memory: a party that would enter an empty room with only one staff
 * member (alone, or with the visitors they escort) and waits at the door for a second person.
 * The window starts with the party's first tap and is never extended by a later one; when it
 * runs out the whole party is refused.
 *
 * <p>Like {@link EscortPairing}, the window's end is kept twice: {@code due} in elapsed time,
 * which decides, and {@code until} as a date, which only goes into {@code second_person_pending}.
 */
final class SecondPersonWait {

    private final List<Admission> party = new ArrayList<>();
    private Instant until;
    private long due;

    boolean waiting() {
        return !party.isEmpty();
    }

    /** When the window ends, as a date; only meaningful while {@link #waiting()}. */
    Instant until() {
        return until;
    }

    /**
     * Adds these admissions to the party, in order; one already in it (the same badge tapped
     * again) is not added twice. The first admission of an empty party starts the window.
     */
    void join(List<Admission> more, Instant windowEnd, long windowDue) {
        if (party.isEmpty()) {
            until = windowEnd;
            due = windowDue;
        }
        for (Admission a : more) {
            if (party.stream().noneMatch(p -> p.key().equals(a.key()))) {
                party.add(a);
            }
        }
    }

    /** How many staff members the party holds: the rule counts persons, not visitors. */
    long persons() {
        return party.stream().filter(a -> !a.isVisitor()).count();
    }

    /** Whether this person is one of the party. */
    boolean holds(String personId) {
        return party.stream().anyMatch(a -> !a.isVisitor() && a.person().personId().equals(personId));
    }

    /** Removes and returns the whole party (it goes in). */
    List<Admission> takeAll() {
        List<Admission> all = List.copyOf(party);
        party.clear();
        return all;
    }

    /** Removes and returns the party if its window has run out (elapsed time). */
    List<Admission> expired(long now) {
        if (!party.isEmpty() && now - due >= 0) {
            return takeAll();
        }
        return List.of();
    }

    /** Forgets the party (after a fault: it starts over). */
    void clear() {
        party.clear();
    }

    /** The window's end in elapsed time, while a party waits. */
    Optional<Long> nextDeadline() {
        return party.isEmpty() ? Optional.empty() : Optional.of(due);
    }
}
