package org.accessctl.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.accessctl.core.Schedule;
import org.accessctl.json.Json;

/**
 * The local copy of the schedules, each kept as JSON in the store's own shape (days as numbers,
 * times as minutes): what was checked on arrival is read back without being checked again.
 */
public final class ScheduleStore {

    private final Database db;
    /**
     * Schedules as last read, with the text they were read from: a badge reads its holder's
     * schedule at every tap, and parsing a year of dates costs more than the query. The row stays
     * the truth (a sweep deletes it behind this class's back): a cached schedule is used only
     * while its row still holds the same text. Used on the door loop's thread only.
     */
    private final Map<String, Read> read = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Read> eldest) {
            return size() > 64;
        }
    };

    private record Read(String text, Schedule schedule) {
    }

    public ScheduleStore(Database db) {
        this.db = db;
    }

    /** Stores or replaces a schedule, stamping it with a sync's mark (null keeps the old one). */
    public void upsert(Schedule schedule, Instant now, String syncMark) {
        db.inTransaction(c -> {
            PreparedStatement s = db.cached("""
                    INSERT INTO schedules (schedule_id, record, updated_at, sync_mark) VALUES (?, ?, ?, ?)
                    ON CONFLICT (schedule_id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at,
                      sync_mark = coalesce(excluded.sync_mark, schedules.sync_mark)""");
            s.setString(1, schedule.scheduleId());
            s.setString(2, Json.write(record(schedule)));
            s.setString(3, now.toString());
            s.setString(4, syncMark);
            s.executeUpdate();
            return null;
        });
    }

    /** Removes a schedule; true when there was one. Persons naming it are then denied. */
    public boolean delete(String scheduleId) {
        return db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM schedules WHERE schedule_id = ?")) {
                s.setString(1, scheduleId);
                return s.executeUpdate() > 0;
            }
        });
    }

    public Optional<Schedule> byId(String scheduleId) {
        try {
            PreparedStatement s = db.cached("SELECT record FROM schedules WHERE schedule_id = ?");
            s.setString(1, scheduleId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String text = rs.getString(1);
                Read last = read.get(scheduleId);
                if (last == null || !last.text().equals(text)) {
                    last = new Read(text, schedule(scheduleId, text));
                    read.put(scheduleId, last);
                }
                return Optional.of(last.schedule());
            }
        } catch (SQLException e) {
            throw new StoreException("reading schedules failed: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> record(Schedule schedule) {
        List<Object> exceptions = new ArrayList<>();
        for (Schedule.DateException e : schedule.exceptions().values()) {
            exceptions.add(Map.of("date", e.date().toString(), "closed", e.closed(), "windows", written(e.windows())));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", schedule.zone().getId());
        m.put("windows", written(schedule.windows()));
        m.put("exceptions", exceptions);
        return m;
    }

    private static List<Object> written(List<Schedule.Window> windows) {
        List<Object> out = new ArrayList<>();
        for (Schedule.Window w : windows) {
            out.add(Map.of("days", w.days().stream().map(DayOfWeek::getValue).sorted().toList(),
                    "from", w.fromMinute(), "to", w.toMinute()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Schedule schedule(String scheduleId, String json) {
        Map<String, Object> m = (Map<String, Object>) Json.parse(json);
        Map<LocalDate, Schedule.DateException> exceptions = new LinkedHashMap<>();
        for (Object o : (List<Object>) m.get("exceptions")) {
            Map<String, Object> e = (Map<String, Object>) o;
            LocalDate date = LocalDate.parse((String) e.get("date"));
            exceptions.put(date, new Schedule.DateException(date, (Boolean) e.get("closed"), read(e.get("windows"))));
        }
        return new Schedule(scheduleId, ZoneId.of((String) m.get("zone")), read(m.get("windows")), exceptions);
    }

    @SuppressWarnings("unchecked")
    private static List<Schedule.Window> read(Object list) {
        List<Schedule.Window> out = new ArrayList<>();
        for (Object o : (List<Object>) list) {
            Map<String, Object> w = (Map<String, Object>) o;
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            for (Object d : (List<Object>) w.get("days")) {
                days.add(DayOfWeek.of(((Number) d).intValue()));
            }
            out.add(new Schedule.Window(days, ((Number) w.get("from")).intValue(), ((Number) w.get("to")).intValue()));
        }
        return out;
    }
}
