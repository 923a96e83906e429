package org.accessctl.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code report}, checked before any log is opened.
 *
 * @param dbs doors' databases ({@code --db}, any number)
 * @param eventFiles files of collected events ({@code --events}, any number), each of one door or many
 * @param out null for standard output
 */
record ReportArguments(List<Path> dbs, List<Path> eventFiles, ReportPeriod period, ReportFormat format, Path out) {

    static final String USAGE_LINE = "usage: report (--db FILE | --events FILE)... --from YYYY-MM-DD --to YYYY-MM-DD"
            + " [--format html|csv] [--out FILE]";

    private static final Set<String> OPTIONS = Set.of("--db", "--events", "--from", "--to", "--format", "--out");
    /** Options that may be given more than once: one per log. */
    private static final Set<String> REPEATABLE = Set.of("--db", "--events");

    /** @throws BadReportUsage naming the first option that is missing, repeated or wrong */
    static ReportArguments parse(List<String> args) throws BadReportUsage {
        Map<String, String> given = new HashMap<>();
        List<Path> dbs = new ArrayList<>();
        List<Path> eventFiles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String option = equals > 0 ? arg.substring(0, equals) : arg;
            if (!OPTIONS.contains(option)) {
                throw new BadReportUsage("unknown argument " + arg);
            }
            String value = equals > 0 ? arg.substring(equals + 1) : i + 1 < args.size() ? args.get(++i) : "";
            if (value.isBlank() || value.startsWith("--")) {
                throw new BadReportUsage(option + " needs a value");
            }
            if (REPEATABLE.contains(option)) {
                (option.equals("--db") ? dbs : eventFiles).add(Path.of(value));
            } else if (given.put(option, value) != null) {
                throw new BadReportUsage(option + " given twice");
            }
        }
        if (dbs.isEmpty() && eventFiles.isEmpty()) {
            throw new BadReportUsage("missing --db (or --events)");
        }
        for (String required : List.of("--from", "--to")) {
            if (!given.containsKey(required)) {
                throw new BadReportUsage("missing " + required);
            }
        }
        ReportPeriod period = ReportPeriod.parse(given.get("--from"), given.get("--to"));
        ReportFormat format = ReportFormat.parse(given.getOrDefault("--format", "html"));
        Path out = given.containsKey("--out") ? Path.of(given.get("--out")) : null;
        if (out != null && Files.isDirectory(out)) {
            throw new BadReportUsage("--out " + out + " is a directory; name the report's file");
        }
        // Found out now rather than after reading a long log.
        if (out != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new BadReportUsage("--out " + out + ": no such directory " + out.toAbsolutePath().getParent());
        }
        return new ReportArguments(List.copyOf(dbs), List.copyOf(eventFiles), period, format, out);
    }
}
