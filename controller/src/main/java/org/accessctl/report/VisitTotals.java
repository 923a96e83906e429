package org.accessctl.report;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The records every office keeps: how many visits and visitors, and for which purposes.
 *
 * @param visitors  distinct visitors, by name and organisation: the same person coming three
 *                  times is one visitor and three visits. Names are compared ignoring case and
 *                  surrounding spaces, as the same name is typed differently from form to form
 * @param byPurpose visits per purpose, most frequent first, then by purpose
 * @param byMonth   every month of the period, also those with nothing in them: an empty month
 *                  is a fact the auditor signs too
 */
record VisitTotals(int visits, int visitors, List<PurposeCount> byPurpose, int visitsWithAlarms,
                   List<MonthCount> byMonth) {

    /** What the totals call visits whose record gave no purpose. */
    static final String NO_PURPOSE = "(no purpose given)";

    record PurposeCount(String purpose, int visits) {
    }

    /** One month: its visits, and the overrides and lone-occupant alarms at its doors. */
    record MonthCount(YearMonth month, int visits, int visitsWithAlarms, int overrides, int loneOccupant) {
    }

    VisitTotals {
        byPurpose = List.copyOf(byPurpose);
        byMonth = List.copyOf(byMonth);
    }

    static VisitTotals of(ReportPeriod period, List<CompletedVisit> visits, List<RoomEvent> roomEvents) {
        Set<String> visitors = new HashSet<>();
        Map<String, Integer> purposes = new LinkedHashMap<>();
        int withAlarms = 0;
        for (CompletedVisit v : visits) {
            // U+0000 cannot be typed in a name, so it cannot make two visitors' keys collide.
            visitors.add(folded(v.visitorName()) + '\u0000' + folded(v.organization()));
            purposes.merge(purposeOf(v), 1, Integer::sum);
            if (v.hadAlarms()) {
                withAlarms++;
            }
        }
        List<PurposeCount> byPurpose = purposes.entrySet().stream()
                .map(e -> new PurposeCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(PurposeCount::visits).reversed()
                        .thenComparing(PurposeCount::purpose, String.CASE_INSENSITIVE_ORDER))
                .toList();
        return new VisitTotals(visits.size(), visitors.size(), byPurpose, withAlarms, byMonth(period, visits, roomEvents));
    }

    private static List<MonthCount> byMonth(ReportPeriod period, List<CompletedVisit> visits, List<RoomEvent> events) {
        Map<YearMonth, int[]> counts = new TreeMap<>();
        for (YearMonth m = YearMonth.from(period.from()); !m.isAfter(YearMonth.from(period.to())); m = m.plusMonths(1)) {
            counts.put(m, new int[4]);
        }
        for (CompletedVisit v : visits) {
            int[] c = counts.get(YearMonth.from(v.exitedAt()));
            c[0]++;
            c[1] += v.hadAlarms() ? 1 : 0;
        }
        for (RoomEvent e : events) {
            counts.get(YearMonth.from(e.at()))[e.isOverride() ? 2 : 3]++;
        }
        return counts.entrySet().stream()
                .map(e -> new MonthCount(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3]))
                .toList();
    }

    private static String purposeOf(CompletedVisit v) {
        return v.purpose() == null || v.purpose().isBlank() ? NO_PURPOSE : v.purpose().strip();
    }

    private static String folded(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
