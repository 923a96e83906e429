package org.accessctl.audit;

import java.util.OptionalLong;

/**
 * The first point where a log stops being trustworthy: the seq it concerns (when the event can
 * be read at all), the line of a file it was found on, and what is wrong. Everything after a
 * break is unverified, because every later chain depends on this one.
 */
public final class ChainBreak extends Exception {

    private static final long serialVersionUID = 1L;

    private final OptionalLong seq;
    private final OptionalLong line;
    /** The last seq verified before the break (0 when none), to place an unreadable line. */
    private final long afterSeq;
    private final String reason;

    private ChainBreak(OptionalLong seq, OptionalLong line, long afterSeq, String reason) {
        super(reason);
        this.seq = seq;
        this.line = line;
        this.afterSeq = afterSeq;
        this.reason = reason;
    }

    /** A break at an event whose seq is known. */
    public static ChainBreak atSeq(long seq, String reason) {
        return new ChainBreak(OptionalLong.of(seq), OptionalLong.empty(), 0, reason);
    }

    /** A break at something that cannot be read as an event, so its seq is unknown. */
    public static ChainBreak unreadable(String reason) {
        return new ChainBreak(OptionalLong.empty(), OptionalLong.empty(), 0, reason);
    }

    /** The same break, placed on a line of a file, after the last seq verified. */
    public ChainBreak onLine(long lineNumber, long lastVerifiedSeq) {
        return new ChainBreak(seq, OptionalLong.of(lineNumber), lastVerifiedSeq, reason);
    }

    /** The same break, for a database row whose seq column is all that can be read. */
    public ChainBreak orAtSeq(long rowSeq) {
        return seq.isPresent() ? this : new ChainBreak(OptionalLong.of(rowSeq), line, afterSeq, reason);
    }

    public OptionalLong seq() {
        return seq;
    }

    public OptionalLong line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    /** One line for the auditor, e.g. {@code break at seq 57 (line 60): chain does not match (...)}. */
    public String describe() {
        StringBuilder s = new StringBuilder("break at ");
        if (seq.isPresent()) {
            s.append("seq ").append(seq.getAsLong());
            line.ifPresent(n -> s.append(" (line ").append(n).append(')'));
        } else if (line.isPresent()) {
            s.append("line ").append(line.getAsLong());
            if (afterSeq > 0) {
                s.append(" (after seq ").append(afterSeq).append(')');
            }
        } else {
            s.append("an unreadable event");
        }
        return s.append(": ").append(reason).toString();
    }
}
