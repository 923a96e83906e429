package org.accessctl.audit;

import java.util.OptionalLong;

/**
 * What a successful check established: how many events, which seqs, which door, and the last
 * chain, which an auditor compares with an independent copy to detect truncation or a log
 * rewritten from the start (the chain alone cannot show either).
 *
 * @param startedLate       the log begins after seq 1, so its first chain was taken as given
 * @param duplicatesSkipped redelivered events skipped in a subscriber's copy; empty for the
 *                          database, which cannot hold any
 */
public record VerifiedLog(long events, long firstSeq, long lastSeq, String doorName, String lastChain,
                          boolean startedLate, OptionalLong duplicatesSkipped) {

    static VerifiedLog of(ChainVerifier verifier, OptionalLong duplicatesSkipped) {
        return new VerifiedLog(verifier.count(), verifier.firstSeq(), verifier.lastSeq(), verifier.doorName(),
                verifier.lastChain(), verifier.startedLate(), duplicatesSkipped);
    }

    /** One line, e.g. {@code ok: 1234 events, seq 1..1234, door main/door-1, last chain 3f2a...}. */
    public String describe() {
        StringBuilder s = new StringBuilder("ok: ");
        if (events == 0) {
            s.append("0 events (the log is empty)");
        } else {
            s.append(events).append(events == 1 ? " event" : " events")
                    .append(", seq ").append(firstSeq).append("..").append(lastSeq)
                    .append(", door ").append(doorName)
                    .append(", last chain ").append(lastChain);
        }
        if (startedLate) {
            s.append("; starts at seq ").append(firstSeq).append("; chain checked from seq ").append(firstSeq + 1);
        }
        duplicatesSkipped.ifPresent(n -> s.append("; ").append(n).append(n == 1 ? " duplicate" : " duplicates")
                .append(" skipped"));
        return s.toString();
    }
}
