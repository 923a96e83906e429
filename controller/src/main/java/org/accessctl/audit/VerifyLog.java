package org.accessctl.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code verify-log --db FILE | --events FILE} command. Exit status 0 when the chain holds,
 * 1 with the first break on standard output (the finding an auditor records), 2 with a
 * one-line reason on standard error when the command is misused or the file cannot be read.
 */
public final class VerifyLog {

    public static final int OK = 0;
    public static final int BROKEN = 1;
    public static final int USAGE = 2;

    public static final String HELP = """
            usage: java -jar door-controller.jar verify-log --db FILE
                   java -jar door-controller.jar verify-log --events FILE

            Checks the seq and hash chain of a door's event log and names the first break.
              --db FILE       the door's SQLite database, opened read-only (a copy is fine)
              --events FILE   a subscriber's copy of the events topic, one JSON event per line;
                              repeats from redelivery are skipped, and it may start at any seq
            Exit 0 with a summary (compare its last seq and chain with an independent copy: a log
            cut short at the end passes), 1 with the first break, 2 when FILE cannot be read.""";

    private static final String USAGE_LINE = "usage: verify-log --db FILE | --events FILE";

    private enum Source { DB, EVENTS }

    private VerifyLog() {
    }

    /** @param args the arguments after the command name */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Source source = null;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Source named = arg.equals("--db") || arg.startsWith("--db=") ? Source.DB
                    : arg.equals("--events") || arg.startsWith("--events=") ? Source.EVENTS : null;
            if (named == null) {
                err.println("unknown argument " + arg + "; " + USAGE_LINE);
                return USAGE;
            }
            String option = named == Source.DB ? "--db" : "--events";
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(++i) : "";
            if (value.isBlank() || value.startsWith("--")) {
                err.println(option + " needs a file; " + USAGE_LINE);
                return USAGE;
            }
            if (source != null) {
                err.println("give either --db or --events, once; " + USAGE_LINE);
                return USAGE;
            }
            source = named;
            file = Path.of(value);
        }
        if (source == null) {
            err.println("nothing to verify; " + USAGE_LINE);
            return USAGE;
        }
        try {
            VerifiedLog verified = source == Source.DB ? StoredEventLog.verify(file) : PublishedEventFile.verify(file);
            out.println(verified.describe());
            return OK;
        } catch (ChainBreak e) {
            out.println(e.describe());
            return BROKEN;
        } catch (UnreadableLogException e) {
            err.println(e.getMessage());
            return USAGE;
        }
    }
}
