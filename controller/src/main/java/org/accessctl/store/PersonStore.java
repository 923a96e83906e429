package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.accessctl.core.Person;
import org.accessctl.json.Json;

/** The local copy of the personnel records. */
public final class PersonStore {

    private final Database db;

    public PersonStore(Database db) {
        this.db = db;
    }

    /** Thrown when a record would give one badge to two holders. */
    public static final class BadgeConflict extends Exception {
        public BadgeConflict(String message) {
            super(message);
        }
    }

    /** Stores or replaces a person. Refuses a badge that already belongs to someone else. */
    public void upsert(Person p, Instant now) throws BadgeConflict {
        upsert(p, now, null);
    }

    /** As {@link #upsert(Person, Instant)}, stamping the row with a sync's mark (null keeps the old one). */
    public void upsert(Person p, Instant now, String syncMark) throws BadgeConflict {
        if (p.badgeUid() != null) {
            Optional<Person> holder = personByBadge(p.badgeUid());
            if (holder.isPresent() && !holder.get().personId().equals(p.personId())) {
                throw new BadgeConflict("badge " + p.badgeUid() + " already belongs to " + holder.get().personId());
            }
        }
        db.inTransaction(c -> {
            PreparedStatement s = db.cached("""
                    INSERT INTO persons (person_id, badge_uid, name, roles, active, doors, public_key, updated_at, sync_mark,
                      schedule)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (person_id) DO UPDATE SET badge_uid = excluded.badge_uid, name = excluded.name,
                      roles = excluded.roles, active = excluded.active, doors = excluded.doors,
                      public_key = excluded.public_key, updated_at = excluded.updated_at, schedule = excluded.schedule,
                      sync_mark = coalesce(excluded.sync_mark, persons.sync_mark)""");
            s.setString(1, p.personId());
            s.setString(2, p.badgeUid());
            s.setString(3, p.name());
            s.setString(4, Json.write(sorted(p.roles())));
            s.setInt(5, p.active() ? 1 : 0);
            s.setString(6, Json.write(sorted(p.doors())));
            s.setString(7, p.publicKey());
            s.setString(8, now.toString());
            s.setString(9, syncMark);
            s.setString(10, p.schedule());
            s.executeUpdate();
            return null;
        });
    }

    /** Removes a person; true when there was one. */
    public boolean delete(String personId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM persons WHERE person_id = ?")) {
                s.setString(1, personId);
                return s.executeUpdate() > 0;
            }
        });
    }

    public Optional<Person> personByBadge(String uid) {
        return one("SELECT * FROM persons WHERE badge_uid = ?", uid);
    }

    public Optional<Person> personById(String personId) {
        return one("SELECT * FROM persons WHERE person_id = ?", personId);
    }

    public int count() {
        try (PreparedStatement s = db.connection().prepareStatement("SELECT count(*) FROM persons");
             ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("reading persons failed: " + e.getMessage(), e);
        }
    }

    private Optional<Person> one(String sql, String key) {
        try {
            PreparedStatement s = db.cached(sql);
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(person(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("reading persons failed: " + e.getMessage(), e);
        }
    }

    private static Person person(ResultSet rs) throws SQLException {
        return new Person(rs.getString("person_id"), rs.getString("name"), rs.getString("badge_uid"),
                strings(rs.getString("roles")), rs.getInt("active") != 0, strings(rs.getString("doors")),
                rs.getString("public_key"), rs.getString("schedule"));
    }

    private static Set<String> strings(String json) {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : (List<?>) Json.parse(json)) {
            out.add((String) o);
        }
        return out;
    }

    private static List<String> sorted(Set<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }
}
