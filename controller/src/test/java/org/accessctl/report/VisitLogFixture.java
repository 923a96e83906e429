package org.accessctl.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.accessctl.core.Event;
import org.accessctl.core.Person;
import org.accessctl.store.Database;
import org.accessctl.store.EventLog;
import org.accessctl.store.PersonStore;

/**
 * Door databases for the report tests (and the command-line tests), written by the controller's own {@link EventLog} and
 * {@link PersonStore}, as a door in Jakarta (+07:00) would write them.
 */
public final class VisitLogFixture {

    static final ZoneOffset DOOR_ZONE = ZoneOffset.ofHours(7);
    static final Clock REPORT_CLOCK = Clock.fixed(Instant.parse("2026-12-01T01:30:00Z"), DOOR_ZONE);

    private final Path file;
    private final List<Event> events = new ArrayList<>();
    private final List<Person> persons = new ArrayList<>();

    public VisitLogFixture(Path file) {
        this.file = file;
    }

    /** A time at the door, e.g. {@code at("2026-11-23 09:03")}. */
    public static Instant at(String localTime) {
        return OffsetDateTime.parse(localTime.replace(' ', 'T') + ":00+07:00").toInstant();
    }

    /** The door whose log this is (door-1 unless set). */
    public VisitLogFixture door(String doorId) {
        this.doorId = doorId;
        return this;
    }

    public VisitLogFixture person(String id, String name) {
        persons.add(new Person(id, name, null, Set.of(Person.ROLE_ESCORT), true, Set.of(), null));
        return this;
    }

    /** A visit completed as the door records it; fields may be changed or removed with {@code edit}. */
    private String doorId = "door-1";

    public VisitBuilder visit(String visitId, String visitorName) {
        return new VisitBuilder(visitId, visitorName);
    }

    /** Any other event, so the log is not only visits. */
    public VisitLogFixture event(Event e) {
        events.add(e);
        return this;
    }

    public Path write() {
        try (Database db = Database.open(file)) {
            PersonStore store = new PersonStore(db);
            for (Person p : persons) {
                store.upsert(p, Instant.parse("2026-10-01T00:00:00Z"));
            }
            new EventLog(db, "main", doorId, DOOR_ZONE).append(events);
        } catch (PersonStore.BadgeConflict e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** One {@code visit_completed} event, with the lists a door always writes, empty unless given. */
    public final class VisitBuilder {
        private final Map<String, Object> fields = new HashMap<>();
        private final List<Map<String, Object>> devices = new ArrayList<>();
        private Instant enteredAt = at("2026-11-23 09:03");
        private Instant exitedAt = at("2026-11-23 10:15");

        private VisitBuilder(String visitId, String visitorName) {
            fields.putAll(Map.of("visitId", visitId, "visitorName", visitorName, "escortIds", List.of(),
                    "alarms", List.of()));
        }

        public VisitBuilder with(String field, Object value) {
            fields.put(field, value);
            return this;
        }

        /** Door-local times; {@code in} null when the door did not see the visitor enter. */
        public VisitBuilder times(String in, String out) {
            enteredAt = in == null ? null : at(in);
            exitedAt = at(out);
            return this;
        }

        public VisitBuilder device(String description, String serial) {
            devices.add(serial == null ? Map.of("description", description)
                    : Map.of("description", description, "serial", serial));
            return this;
        }

        public VisitLogFixture done() {
            // The door records the event when the visitor badges out.
            events.add(new Event.VisitCompleted(exitedAt, text("visitId"), text("visitorName"), text("organization"),
                    text("purpose"), text("approvedBy"), enteredAt, exitedAt, strings("escortIds"), strings("alarms"),
                    devices));
            return VisitLogFixture.this;
        }

        private String text(String field) {
            return (String) fields.get(field);
        }

        @SuppressWarnings("unchecked")
        private List<String> strings(String field) {
            return (List<String>) fields.get(field);
        }
    }

    /** What one run of the command printed, and how it ended. */
    record Run(int status, String out, String err) {
    }

    static Run report(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReportCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), REPORT_CLOCK);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
