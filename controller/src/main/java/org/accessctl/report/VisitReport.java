package org.accessctl.report;

import java.util.List;

/**
 * Everything one report says, in the words it prints, before it is written as HTML or CSV.
 *
 * @param doors      the doors the visits were recorded at: one for a door's own log, none
 *                   when the log is empty
 * @param generated  when the report was made, already written out
 * @param overrides  the break-glass overrides of the period, in the order they were made
 * @param problems   rows of the log that could not be read, each in one line
 */
record VisitReport(List<DoorName> doors, ReportPeriod period, String generated, List<VisitRow> visits,
                   List<RoomEvent> overrides, VisitTotals totals, List<String> problems) {

    VisitReport {
        doors = List.copyOf(doors);
        visits = List.copyOf(visits);
        overrides = List.copyOf(overrides);
        problems = List.copyOf(problems);
    }
}
