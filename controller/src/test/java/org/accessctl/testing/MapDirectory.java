package org.accessctl.testing;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.accessctl.core.Directory;
import org.accessctl.core.Person;
import org.accessctl.core.Schedule;
import org.accessctl.core.Visit;

/** The door's local copy as plain maps, for tests of the core. */
public final class MapDirectory implements Directory {

    private final Map<String, Person> persons = new LinkedHashMap<>();
    private final Map<String, Visit> visits = new LinkedHashMap<>();
    private final Map<String, Schedule> schedules = new LinkedHashMap<>();

    public Person put(Person p) {
        persons.put(p.personId(), p);
        return p;
    }

    public Visit put(Visit v) {
        visits.put(v.visitId(), v);
        return v;
    }

    public Schedule put(Schedule s) {
        schedules.put(s.scheduleId(), s);
        return s;
    }

    public void removeSchedule(String scheduleId) {
        schedules.remove(scheduleId);
    }

    public void removePerson(String personId) {
        persons.remove(personId);
    }

    public void removeVisit(String visitId) {
        visits.remove(visitId);
    }

    @Override
    public Optional<Person> personByBadge(String uid) {
        return persons.values().stream().filter(p -> uid.equals(p.badgeUid())).findFirst();
    }

    @Override
    public Optional<Person> personById(String personId) {
        return Optional.ofNullable(persons.get(personId));
    }

    @Override
    public List<Visit> visitsByBadge(String uid) {
        return visits.values().stream().filter(v -> v.badgeUid().equals(uid))
                .sorted(Comparator.comparing(Visit::validUntil).reversed()).limit(VISITS_PER_BADGE).toList();
    }

    @Override
    public Optional<Visit> visitById(String visitId) {
        return Optional.ofNullable(visits.get(visitId));
    }

    @Override
    public Optional<Schedule> scheduleById(String scheduleId) {
        return Optional.ofNullable(schedules.get(scheduleId));
    }
}
