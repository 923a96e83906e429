package org.accessctl.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.accessctl.audit.LoggedEvent;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;

/**
 * The completed visits in a door's event log. Rows are read through one cursor, filtered by
 * type in SQL and by date here, so only the visits of the period are ever held in memory,
 * however long the log. Visits come in the order the visitors left (the log's seq order).
 */
final class VisitLog {

    /** What a pass over the log found: the visits of the period, and rows that could not be read. */
    record Selection(List<CompletedVisit> visits, List<UnreadableVisit> unreadable) {
    }

    private final Connection connection;
    private final Path file;

    VisitLog(Connection connection, Path file) throws BadReportUsage {
        this.connection = connection;
        this.file = file;
        requireEventsTable();
    }

    Selection completedIn(ReportPeriod period) throws BadReportUsage {
        List<CompletedVisit> visits = new ArrayList<>();
        List<UnreadableVisit> unreadable = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT seq, json FROM events WHERE type = 'visit_completed' ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                try {
                    CompletedVisit visit = CompletedVisit.read(rs.getLong(1), rs.getString(2));
                    if (period.contains(visit.exitedAt())) {
                        visits.add(visit);
                    }
                } catch (UnreadableVisit e) {
                    // Its date cannot be known either, so it is reported whatever the period.
                    unreadable.add(e);
                }
            }
        } catch (SQLException e) {
            throw new BadReportUsage("cannot read the database " + file + ": " + e.getMessage(), e);
        }
        return new Selection(visits, unreadable);
    }

    /** The overrides and lone-occupant alarms of the period, in the log's order. */
    List<RoomEvent> roomEventsIn(ReportPeriod period) throws BadReportUsage {
        List<RoomEvent> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT json FROM events WHERE " + RoomEvent.WHERE + " ORDER BY seq");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                RoomEvent.read(rs.getString(1)).filter(e -> period.contains(e.at())).ifPresent(out::add);
            }
        } catch (SQLException e) {
            throw new BadReportUsage("cannot read the database " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The door of the log's newest event, to name the door in a report of a period without
     * visits; empty when the log has no readable event.
     */
    Optional<DoorName> latestDoor() throws BadReportUsage {
        try (PreparedStatement s = connection.prepareStatement("SELECT json FROM events ORDER BY seq DESC LIMIT 1");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            JsonObject event = JsonObject.of(Json.parse(rs.getString(1), LoggedEvent.LIMITS));
            return Optional.of(new DoorName(event.requireString("site"), event.requireString("door")));
        } catch (JsonException e) {
            return Optional.empty();
        } catch (SQLException e) {
            throw new BadReportUsage("cannot read the database " + file + ": " + e.getMessage(), e);
        }
    }

    private void requireEventsTable() throws BadReportUsage {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM pragma_table_info('events') WHERE name IN ('seq', 'type', 'json')");
             ResultSet rs = s.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != 3) {
                throw new BadReportUsage(file + " is not a door controller database: it has no events table"
                        + " with seq, type and json");
            }
        } catch (SQLException e) {
            throw new BadReportUsage("cannot read the database " + file + ": " + e.getMessage(), e);
        }
    }
}
