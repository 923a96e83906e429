package org.accessctl.report;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.accessctl.audit.ChainBreak;
import org.accessctl.audit.LoggedEvent;
import org.accessctl.audit.ReadOnlyDatabase;
import org.accessctl.audit.SiteEventFile;
import org.accessctl.audit.StoredEventLog;
import org.accessctl.audit.UnreadableLogException;

/**
 * Makes one report from the logs of a site's doors: doors' databases, opened read-only (the live
 * file of a running door or an archived copy, changing neither), and files of collected events
 * (one door's or a whole site's). Each door's chain is verified on its own; a broken one is named
 * in the report and makes the command exit 1. Visits are merged in the order their visitors left.
 */
final class VisitReportReader {

    /** A visit of the period with its row, named from the records of the log it came from. */
    private record Found(CompletedVisit visit, VisitRow row) {
    }

    private final ReportPeriod period;
    private final List<Found> found = new ArrayList<>();
    private final List<RoomEvent> roomEvents = new ArrayList<>();
    private final Set<DoorName> doors = new LinkedHashSet<>();
    private final Set<DoorName> quietDoors = new LinkedHashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> brokenChains = new ArrayList<>();

    private VisitReportReader(ReportPeriod period) {
        this.period = period;
    }

    /** A report and whether every door's chain held. */
    record Read(VisitReport report, boolean chainsHold) {
    }

    /** @throws BadReportUsage when a log is missing, unreadable or not a door's, or the logs are of several sites */
    static Read read(ReportArguments a, ZonedDateTime now) throws BadReportUsage {
        VisitReportReader r = new VisitReportReader(a.period());
        for (Path db : a.dbs()) {
            r.database(db);
        }
        for (Path file : a.eventFiles()) {
            r.eventFile(file);
        }
        return new Read(r.report(now), r.brokenChains.isEmpty());
    }

    private void database(Path file) throws BadReportUsage {
        try (Connection c = ReadOnlyDatabase.open(file)) {
            VisitLog log = new VisitLog(c, file);
            VisitLog.Selection selection = log.completedIn(period);
            roomEvents.addAll(log.roomEventsIn(period));
            PersonNames names = new PersonNames(c);
            for (CompletedVisit v : selection.visits()) {
                found.add(new Found(v, VisitRow.of(v, names)));
                doors.add(new DoorName(v.site(), v.door()));
            }
            if (selection.visits().isEmpty()) {
                log.latestDoor().ifPresent(quietDoors::add);
            }
            selection.unreadable().stream().map(UnreadableVisit::describe).forEach(problems::add);
        } catch (UnreadableLogException e) {
            throw new BadReportUsage(e.getMessage(), e);
        } catch (SQLException e) {
            throw new BadReportUsage("cannot read the database " + file + ": " + e.getMessage(), e);
        }
        try {
            StoredEventLog.verify(file);
        } catch (ChainBreak e) {
            brokenChains.add(file + ": the event log's chain is broken, " + e.describe());
        } catch (UnreadableLogException e) {
            throw new BadReportUsage(e.getMessage(), e);
        }
    }

    private void eventFile(Path file) throws BadReportUsage {
        PersonNames names = PersonNames.none();
        List<String> unreadable = new ArrayList<>();
        SiteEventFile.Result result;
        try {
            result = SiteEventFile.read(file, event -> take(event, names, unreadable));
        } catch (UnreadableLogException e) {
            throw new BadReportUsage(e.getMessage(), e);
        }
        problems.addAll(unreadable);
        result.unreadableLine().ifPresent(b -> brokenChains.add(file + ": " + b.describe()));
        for (SiteEventFile.DoorCopy copy : result.doors().values()) {
            copy.broken().ifPresent(b -> brokenChains.add(file + ", door " + copy.door() + ": the chain is broken, "
                    + b.describe()));
            String[] siteDoor = copy.door().split("/", 2);
            if (siteDoor.length == 2) {
                quietDoors.add(new DoorName(siteDoor[0], siteDoor[1]));
            }
        }
    }

    private void take(LoggedEvent event, PersonNames names, List<String> unreadable) {
        if (event.json().contains("\"type\":\"command_accepted\"") || event.json().contains("\"type\":\"alarm_raised\"")) {
            RoomEvent.read(event.json()).filter(e -> period.contains(e.at())).ifPresent(roomEvents::add);
            return;
        }
        if (!event.json().contains("\"type\":\"visit_completed\"")) {
            return;
        }
        try {
            CompletedVisit v = CompletedVisit.read(event.seq(), event.json());
            if (period.contains(v.exitedAt())) {
                found.add(new Found(v, VisitRow.of(v, names)));
                doors.add(new DoorName(v.site(), v.door()));
            }
        } catch (UnreadableVisit e) {
            unreadable.add(event.doorName() + ": " + e.describe());
        } catch (SQLException e) {
            throw new IllegalStateException("no database to fail here", e);
        }
    }

    private VisitReport report(ZonedDateTime now) throws BadReportUsage {
        List<DoorName> named = new ArrayList<>(doors);
        if (named.isEmpty()) {
            named.addAll(quietDoors);
        }
        Set<String> sites = new LinkedHashSet<>();
        doors.forEach(d -> sites.add(d.site()));
        quietDoors.forEach(d -> sites.add(d.site()));
        if (sites.size() > 1) {
            throw new BadReportUsage("the logs are of several sites (" + String.join(", ", sites)
                    + "): make one report per site");
        }
        found.sort(Comparator.comparing((Found f) -> f.visit().exitedAt().toInstant()));
        List<String> all = new ArrayList<>(problems);
        all.addAll(brokenChains);
        roomEvents.sort(Comparator.comparing((RoomEvent e) -> e.at().toInstant()));
        List<CompletedVisit> visits = found.stream().map(Found::visit).toList();
        return new VisitReport(named, period, ReportTimes.generated(now), found.stream().map(Found::row).toList(),
                roomEvents.stream().filter(RoomEvent::isOverride).toList(), VisitTotals.of(period, visits, roomEvents),
                all);
    }
}
