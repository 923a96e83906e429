package org.accessctl.app;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.accessctl.core.Directory;
import org.accessctl.core.Door;
import org.accessctl.core.DoorSettings;
import org.accessctl.core.ElapsedTime;
import org.accessctl.core.Input;
import org.accessctl.core.Person;
import org.accessctl.core.ReaderSide;
import org.accessctl.core.Schedule;
import org.accessctl.core.Visit;

/**
 * Runs the badge path some hundred times before the door answers its first badge, on a door of its
 * own that drives no pin and commits nothing. A JVM runs new code slowly: its classes are loaded
 * and it is interpreted until compiled. Without this the first badges after a start waited tens of
 * milliseconds for that, and longer when a sync's records were being compiled beside them.
 */
final class BadgePathWarmUp {

    static final int ROUNDS = 400;
    /** Badges no site issues (a reader sends hex digits): one unknown, one granted to a made-up person. */
    private static final String UNKNOWN = "WARM-UP-UNKNOWN";
    private static final String STAFF = "WARM-UP-STAFF";

    private BadgePathWarmUp() {
    }

    /**
     * Looks up the unknown badge in the real copy (the store's read path) and decides both badges
     * at both readers; the made-up person exists only here.
     */
    static void run(DoorSettings settings, Directory copy, Clock clock, ElapsedTime elapsed) {
        Person staff = new Person("warm-up", "warm-up", STAFF, Set.of(Person.ROLE_ACCESS), true, Set.of(), null);
        Directory directory = new Directory() {
            @Override
            public Optional<Person> personByBadge(String uid) {
                return uid.equals(STAFF) ? Optional.of(staff) : copy.personByBadge(uid);
            }

            @Override
            public Optional<Person> personById(String personId) {
                return personId.equals(staff.personId()) ? Optional.of(staff) : copy.personById(personId);
            }

            @Override
            public List<Visit> visitsByBadge(String uid) {
                return uid.equals(STAFF) ? List.of() : copy.visitsByBadge(uid);
            }

            @Override
            public Optional<Visit> visitById(String visitId) {
                return copy.visitById(visitId);
            }

            @Override
            public Optional<Schedule> scheduleById(String scheduleId) {
                return copy.scheduleById(scheduleId);
            }
        };
        Door door = new Door(settings, directory, clock, elapsed, false);
        for (int i = 0; i < ROUNDS; i++) {
            for (ReaderSide side : ReaderSide.values()) {
                door.handle(new Input.BadgeRead(side, UNKNOWN));
                door.handle(new Input.BadgeRead(side, STAFF));
                door.outputs();
            }
        }
    }
}
