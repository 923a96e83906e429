package org.accessctl.store;

import java.util.List;
import java.util.Optional;
import org.accessctl.core.Directory;
import org.accessctl.core.Person;
import org.accessctl.core.Schedule;
import org.accessctl.core.Visit;

/** The core's view of the local copy: persons, visits and schedules, each lookup one indexed query. */
public final class LocalDirectory implements Directory {

    private final PersonStore persons;
    private final VisitStore visits;
    private final ScheduleStore schedules;

    public LocalDirectory(PersonStore persons, VisitStore visits, ScheduleStore schedules) {
        this.persons = persons;
        this.visits = visits;
        this.schedules = schedules;
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

    @Override
    public Optional<Schedule> scheduleById(String scheduleId) {
        return schedules.byId(scheduleId);
    }
}
