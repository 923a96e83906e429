package org.accessctl.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Recognises redelivered events in a subscriber's copy. Delivery is at least once: after a
 * reconnect or restart the controller resends what the broker had not yet acknowledged, at
 * most one outbox batch, so a legitimate repeat is always of a recent event. Remembering a
 * digest of the last {@link #WINDOW} events keeps memory constant however long the file is.
 */
final class RecentEvents {

    /** Far more than one outbox batch (256 events), the most a resend repeats. */
    static final int WINDOW = 4096;

    /** How a repeated seq compares with what was seen under it. */
    enum Match {
        /** The same text: a redelivery, to be skipped. */
        SAME,
        /** Other text under a seq already seen: the copy was altered. */
        DIFFERENT,
        /** Never seen, or too long ago to compare. */
        UNKNOWN
    }

    private final long[] seqs = new long[WINDOW];
    private final long[] lines = new long[WINDOW];
    private final byte[][] digests = new byte[WINDOW][];

    void remember(long seq, String json, long line) {
        int slot = slot(seq);
        seqs[slot] = seq;
        lines[slot] = line;
        digests[slot] = digest(json);
    }

    Match compare(long seq, String json) {
        int slot = slot(seq);
        if (digests[slot] == null || seqs[slot] != seq) {
            return Match.UNKNOWN;
        }
        return Arrays.equals(digests[slot], digest(json)) ? Match.SAME : Match.DIFFERENT;
    }

    /** The line the event with this seq was first seen on; valid after {@link #compare} found it. */
    long lineOf(long seq) {
        return lines[slot(seq)];
    }

    private static int slot(long seq) {
        return (int) Math.floorMod(seq, (long) WINDOW);
    }

    private static byte[] digest(String json) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
