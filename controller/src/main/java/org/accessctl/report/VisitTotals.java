package org.accessctl.report;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The records every office keeps: how many visits and visitors, and for which purposes.
 *
 * @param visitors  distinct visitors, by name and organisation: the same person coming three
 *                  times is one visitor and three visits. Names are compared ignoring case and
 *                  surrounding spaces, as the same name is typed differently from form to form
 * @param byPurpose visits per purpose, most frequent first, then by purpose
 */
record VisitTotals(int visits, int visitors, List<PurposeCount> byPurpose, int visitsWithAlarms) {

    /** What the totals call visits whose record gave no purpose. */
    static final String NO_PURPOSE = "(no purpose given)";

    record PurposeCount(String purpose, int visits) {
    }

    VisitTotals {
        byPurpose = List.copyOf(byPurpose);
    }

    static VisitTotals of(List<CompletedVisit> visits) {
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
        return new VisitTotals(visits.size(), visitors.size(), byPurpose, withAlarms);
    }

    private static String purposeOf(CompletedVisit v) {
        return v.purpose() == null || v.purpose().isBlank() ? NO_PURPOSE : v.purpose().strip();
    }

    private static String folded(String text) {
        return text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    }
}
