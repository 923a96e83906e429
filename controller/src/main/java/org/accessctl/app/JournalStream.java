package org.accessctl.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standard error for the systemd journal. Under systemd ({@code JOURNAL_STREAM} set) each line
 * gets a {@code <N>} syslog priority prefix, which journald strips and stores as the entry's
 * priority, so {@code journalctl -p warning} finds the door's warnings. The level comes from the
 * log line ({@code [thread] WARN Logger - message}); a stack trace's lines keep the level of the
 * line they belong to; anything else written to standard error is an error. The journal adds
 * the time itself, and our lines carry none.
 */
final class JournalStream extends OutputStream {

    static final int ERR = 3;
    static final int WARNING = 4;
    static final int INFO = 6;
    static final int DEBUG = 7;

    /** slf4j-simple's line: {@code [thread] LEVEL name - message}. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) ");

    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int lastPriority = INFO;

    JournalStream(OutputStream out) {
        this.out = out;
    }

    /** Replaces {@code System.err} when running under the journal; otherwise leaves it as it is. */
    static void installIfJournal(Map<String, String> env) {
        String stream = env.get("JOURNAL_STREAM");
        if (stream != null && !stream.isEmpty()) {
            System.setErr(new PrintStream(new JournalStream(System.err), true, StandardCharsets.UTF_8));
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (b == '\n') {
            flushLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    private void flushLine() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        int priority = priorityOf(text);
        out.write(("<" + priority + ">" + text + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private int priorityOf(String text) {
        Matcher m = LOG_LINE.matcher(text);
        if (m.find()) {
            lastPriority = switch (m.group(1)) {
                case "ERROR" -> ERR;
                case "WARN" -> WARNING;
                case "INFO" -> INFO;
                default -> DEBUG;
            };
            return lastPriority;
        }
        if (text.startsWith("\t") || text.startsWith(" ") || text.startsWith("Caused by: ")
                || text.startsWith("Suppressed: ") || text.matches("^[\\w.$]+(Exception|Error)(: .*)?$")) {
            return lastPriority; // part of the log line above (a stack trace)
        }
        return ERR;
    }
}
