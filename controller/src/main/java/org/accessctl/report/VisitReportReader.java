package org.accessctl.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.accessctl.audit.ReadOnlyDatabase;
import org.accessctl.audit.UnreadableLogException;

/**
 * Makes a report from a door's database, opened read-only: the report may be made from the
 * live file of a running door or from an archived copy, and changes neither.
 */
final class VisitReportReader {

    private VisitReportReader() {
    }

    /** @throws BadReportUsage when the file is missing, unreadable or not a door's database */
    static VisitReport read(Path file, ReportPeriod period, ZonedDateTime now) throws BadReportUsage {
        try (Connection c = ReadOnlyDatabase.open(file)) {
            VisitLog log = new VisitLog(c, file);
            VisitLog.Selection selection = log.completedIn(period);
            PersonNames names = new PersonNames(c);
            List<VisitRow> rows = new ArrayList<>();
            Set<DoorName> doors = new LinkedHashSet<>();
            for (CompletedVisit v : selection.visits()) {
                rows.add(VisitRow.of(v, names));
                doors.add(new DoorName(v.site(), v.door()));
            }
            if (doors.isEmpty()) {
                log.latestDoor().ifPresent(doors::add);
            }
            return new VisitReport(List.copyOf(doors), period, ReportTimes.generated(now), rows,
                    VisitTotals.of(selection.visits()),
                    selection.unreadable().stream().map(UnreadableVisit::describe).toList());
        } catch (UnreadableLogException e) {
            throw new BadReportUsage(e.getMessage(), e);
        } catch (SQLException e) {
            throw new BadReportUsage("cannot read the database " + file + ": " + e.getMessage(), e);
        }
    }
}
