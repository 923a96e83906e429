package org.accessctl.report;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One visit as the report prints it: every value already in words, so the HTML and the CSV
 * say exactly the same thing. Absent values are empty strings.
 */
record VisitRow(String visitId, String visitorName, String organization, String purpose, List<String> escorts,
                String approver, String timeIn, String timeOut, String duration, List<String> devices,
                List<String> alarms) {

    /** What the report says for a visitor whose entry the door did not see. */
    static final String NOT_RECORDED = "not recorded";

    VisitRow {
        escorts = List.copyOf(escorts);
        devices = List.copyOf(devices);
        alarms = List.copyOf(alarms);
    }

    static VisitRow of(CompletedVisit v, PersonNames names) throws SQLException {
        List<String> escorts = new ArrayList<>();
        for (String id : v.escortIds()) {
            escorts.add(names.label(id));
        }
        return new VisitRow(v.visitId(), v.visitorName(), text(v.organization()), text(v.purpose()), escorts,
                v.approvedBy() == null ? "" : names.label(v.approvedBy()),
                v.enteredAt() == null ? NOT_RECORDED : ReportTimes.minute(v.enteredAt()),
                ReportTimes.minute(v.exitedAt()),
                ReportTimes.duration(v.enteredAt(), v.exitedAt()),
                v.devices().stream().map(Device::label).toList(),
                v.alarms().stream().map(AlarmWords::of).toList());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
