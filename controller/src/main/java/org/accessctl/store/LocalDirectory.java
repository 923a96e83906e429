package org.accessctl.store;

import java.util.List;
import java.util.Optional;
import org.accessctl.core.Directory;
import org.accessctl.core.Person;
import org.accessctl.core.Visit;

/** The core's view of the local copy: persons and visits, each lookup one indexed query. */
public final class LocalDirectory implements Directory {

    private final PersonStore persons;
    private final VisitStore visits;

    public LocalDirectory(PersonStore persons, VisitStore visits) {
        this.persons = persons;
        this.visits = visits;
    }

    @Override
    public Optional<Person> personByBadge(String uid) {
        return persons.personByBadge(uid);
    }

    @Override
    public Optional<Person> personById(String personId) {
        return persons.personById(personId);
    }

    @Override
    public List<Visit> visitsByBadge(String uid) {
        return visits.byBadge(uid);
    }

    @Override
    public Optional<Visit> visitById(String visitId) {
        return visits.byId(visitId);
    }
}
