package org.accessctl.app;

import java.nio.charset.StandardCharsets;
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
import org.accessctl.records.PersonRecords;
import org.accessctl.records.RecordRefused;
import org.accessctl.records.VisitRecords;

/**
 * Runs the badge path some hundred times before the door answers its first badge, on a door of its
 * own that drives no pin and commits nothing, and decodes a person and a visit record as many
 * times. A JVM runs new code slowly: its classes are loaded and it is interpreted until compiled.
 * Without this the first badges after a start waited tens of milliseconds for that, and a badge
 * during a sync's first records waited for the record being decoded the first time.
 */
final class BadgePathWarmUp {

    static final int ROUNDS = 200;
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
            try {
                PersonRecords.decode("P-WARM", PERSON);
                VisitRecords.decode("V-WARM", VISIT);
            } catch (RecordRefused e) {
                throw new IllegalStateException("the warm-up's own records are refused: " + e.getMessage(), e);
            }
        }
    }

    private static final byte[] PERSON = ("{\"personId\":\"P-WARM\",\"name\":\"Warm-up\",\"badgeUid\":\"0A0B0C0D\","
            + "\"roles\":[\"access\",\"escort\"],\"active\":true,\"doors\":[\"door-1\"]}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] VISIT = ("{\"visitId\":\"V-WARM\",\"status\":\"approved\",\"visitorName\":\"Warm-up\","
            + "\"organization\":\"-\",\"purpose\":\"-\",\"badgeUid\":\"0A0B0C0E\","
            + "\"validFrom\":\"2026-01-01T08:00:00+07:00\",\"validUntil\":\"2026-01-01T17:00:00+07:00\","
            + "\"escorts\":[\"P-WARM\"],\"approvedBy\":\"P-WARM\",\"devices\":[{\"description\":\"Laptop\",\"serial\":\"1\"}]}")
            .getBytes(StandardCharsets.UTF_8);
}
