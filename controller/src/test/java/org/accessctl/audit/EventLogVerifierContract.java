package org.accessctl.audit;

import static org.accessctl.audit.DoorLogFixture.chainOf;
import static org.accessctl.audit.DoorLogFixture.rechained;
import static org.accessctl.audit.DoorLogFixture.withMember;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verifying a door's log finds, whether the log is the door's own database or a subscriber's
 * copy of what it published: each subclass hands the same tampered events to its verifier.
 */
abstract class EventLogVerifierContract {

    static final String CHAIN_BREAK = "chain does not match (event altered, or one before it deleted or reordered)";

    @TempDir
    Path dir;

    /** A door's database with ten events. */
    Path db;

    /** Its events as stored and as published; index i holds seq i + 1. */
    List<String> events;

    @BeforeEach
    void tenEvents() throws Exception {
        db = DoorLogFixture.database(dir.resolve("door.db"), 10);
        events = Files.readAllLines(DoorLogFixture.export(db, dir.resolve("exported.jsonl")));
    }

    /** Verifies a log holding these events, in this order. */
    abstract VerifiedLog verify(List<String> log) throws Exception;

    abstract VerifiedLog verify(Path file) throws Exception;

    /** Where a break at this seq is reported; in every log here seq n is the n-th event. */
    abstract String at(long seq);

    /** How the description of a log that verified ends. */
    abstract String okEnd();

    String breakOf(List<String> log) {
        return assertThrows(ChainBreak.class, () -> verify(log)).describe();
    }

    List<String> edited() {
        return new ArrayList<>(events);
    }

    @Test
    void anUntouchedLogVerifies() throws Exception {
        assertEquals("ok: 10 events, seq 1..10, door main/door-1, last chain " + chainOf(events.get(9)) + okEnd(),
                verify(events).describe());
    }

    @Test
    void anEmptyLogVerifiesAndSaysSo() throws Exception {
        assertEquals("ok: 0 events (the log is empty)" + okEnd(), verify(List.of()).describe());
    }

    @Test
    void aMissingFileIsUnreadableNotBroken() {
        Path missing = dir.resolve("missing");
        UnreadableLogException e = assertThrows(UnreadableLogException.class, () -> verify(missing));
        assertTrue(e.getMessage().startsWith("no such file"), e.getMessage());
        assertFalse(Files.exists(missing), "a missing file is not created");
    }

    @Test
    void anEventDeletedInTheMiddleIsAGap() {
        List<String> log = edited();
        log.remove(4);
        assertEquals("break at " + at(5) + ": expected seq 5, found 6 (1 event missing)", breakOf(log));
    }

    @Test
    void eventsDeletedAtTheEndAreNotDetectedByTheChainAlone() throws Exception {
        // Truncation leaves a shorter log that is valid in itself; only comparing the last seq
        // and chain with an independent copy shows it (see the auditors' documentation).
        assertEquals(8, verify(events.subList(0, 8)).lastSeq());
    }

    @Test
    void anAlteredFieldBreaksTheChainAtThatEvent() {
        List<String> log = edited();
        log.set(4, withMember(log.get(4), "personId", "P-999"));
        assertEquals("break at " + at(5) + ": " + CHAIN_BREAK, breakOf(log));
    }

    @Test
    void anAlteredChainBreaksAtThatEvent() {
        List<String> log = edited();
        log.set(3, withMember(log.get(3), "chain", "ab".repeat(32)));
        assertEquals("break at " + at(4) + ": " + CHAIN_BREAK, breakOf(log));
    }

    @Test
    void anInsertedEventWithAFabricatedChainBreaksWhereItWasInserted() {
        // Room made at seq 5, the later events renumbered as a careful forger would.
        List<String> log = new ArrayList<>(events.subList(0, 4));
        log.add(withMember(withMember(events.get(3), "seq", 5L), "chain", "0f".repeat(32)));
        for (String later : events.subList(4, 10)) {
            log.add(withMember(later, "seq", (Long) DoorLogFixture.parse(later).get("seq") + 1));
        }
        assertEquals("break at " + at(5) + ": " + CHAIN_BREAK, breakOf(log));
    }

    @Test
    void anEventForgedWithTheFormulaIsCaughtAtTheNextGenuineOne() {
        // Someone who knows the formula can make an altered event chain correctly after its
        // predecessor, but the next genuine event was hashed after the original.
        List<String> log = edited();
        log.set(4, rechained(withMember(log.get(4), "personId", "P-999"), chainOf(log.get(3))));
        assertEquals("break at " + at(6) + ": " + CHAIN_BREAK, breakOf(log));
    }

    @Test
    void twoEventsSwappedUnderTheirSeqsBreakTheChainAtTheFirst() {
        // What happened at seq 5 and 6 swapped, each keeping its seq so the numbering looks right.
        List<String> log = edited();
        log.set(4, withMember(events.get(5), "seq", 5L));
        log.set(5, withMember(events.get(4), "seq", 6L));
        assertEquals("break at " + at(5) + ": " + CHAIN_BREAK, breakOf(log));
    }

    @Test
    void nonCanonicalJsonIsNamed() {
        List<String> log = edited();
        log.set(2, log.get(2).replace(",\"", ", \""));
        assertEquals("break at " + at(3) + ": json is not in canonical form (rewritten after it was recorded)",
                breakOf(log));
    }

    @Test
    void anEventOfAnotherDoorIsNamedEvenWhenTheChainWasRecomputed() {
        // Recomputing the chain from there on makes the chain hold; the door check still sees it.
        List<String> log = edited();
        for (int i = 5; i < 10; i++) {
            log.set(i, rechained(i == 5 ? withMember(log.get(i), "door", "door-2") : log.get(i), chainOf(log.get(i - 1))));
        }
        assertEquals("break at " + at(6) + ": event names door main/door-2, the log so far is main/door-1"
                + " (events of another door mixed in)", breakOf(log));
    }
}
