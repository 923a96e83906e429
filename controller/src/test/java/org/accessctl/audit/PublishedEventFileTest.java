package org.accessctl.audit;

import static org.accessctl.audit.DoorLogFixture.chainOf;
import static org.accessctl.audit.DoorLogFixture.rechained;
import static org.accessctl.audit.DoorLogFixture.withMember;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedEventFileTest {

    private static final String CHAIN_BREAK =
            "chain does not match (event altered, or one before it deleted or reordered)";

    @TempDir
    Path dir;

    /** The ten published events; index i holds seq i + 1. */
    private List<String> events;

    @BeforeEach
    void tenPublishedEvents() throws Exception {
        Path db = DoorLogFixture.database(dir.resolve("door.db"), 10);
        events = Files.readAllLines(DoorLogFixture.export(db, dir.resolve("exported.jsonl")));
    }

    private Path file(List<String> lines) throws Exception {
        return file(String.join("\n", lines) + "\n");
    }

    private Path file(String content) throws Exception {
        return Files.write(dir.resolve("events.jsonl"), content.getBytes(StandardCharsets.UTF_8));
    }

    private String breakOf(List<String> lines) throws Exception {
        Path f = file(lines);
        return assertThrows(ChainBreak.class, () -> PublishedEventFile.verify(f)).describe();
    }

    private List<String> edited() {
        return new ArrayList<>(events);
    }

    @Test
    void anUntouchedCopyVerifies() throws Exception {
        assertEquals("ok: 10 events, seq 1..10, door main/door-1, last chain " + chainOf(events.get(9))
                + "; 0 duplicates skipped", PublishedEventFile.verify(file(events)).describe());
    }

    @Test
    void redeliveredEventsAreSkippedAndCounted() throws Exception {
        // The controller resends what the broker had not acknowledged, after a reconnect.
        List<String> lines = new ArrayList<>(events.subList(0, 6));
        lines.addAll(events.subList(3, 6));
        lines.add(events.get(5));
        lines.addAll(events.subList(6, 10));
        VerifiedLog verified = PublishedEventFile.verify(file(lines));
        assertEquals(10, verified.events());
        assertTrue(verified.describe().endsWith("; 4 duplicates skipped"), verified.describe());
    }

    @Test
    void aRepeatedSeqWithOtherContentIsABreak() throws Exception {
        List<String> lines = edited();
        lines.add(6, withMember(events.get(2), "personId", "P-999"));
        assertEquals("break at seq 3 (line 7): differs from the event with the same seq on line 3"
                + " (one of the two was altered)", breakOf(lines));
    }

    @Test
    void aRepeatOfAnEventNeverSeenIsABreak() throws Exception {
        List<String> lines = new ArrayList<>(events.subList(4, 10));
        lines.add(events.get(1));
        assertEquals("break at seq 11 (line 7): expected seq 11, found 2 (seq repeated or going back:"
                + " events inserted or reordered)", breakOf(lines));
    }

    @Test
    void aRepeatFromFurtherBackThanAnyRedeliveryIsABreak() throws Exception {
        // A resend repeats at most one outbox batch; an event from thousands back is not a redelivery.
        int count = RecentEvents.WINDOW + 100;
        Path db = DoorLogFixture.database(dir.resolve("long.db"), count);
        List<String> lines = new ArrayList<>(Files.readAllLines(DoorLogFixture.export(db, dir.resolve("long.jsonl"))));
        lines.add(lines.get(lines.size() - 300));
        lines.add(lines.get(1));
        assertEquals("break at seq " + (count + 1) + " (line " + (count + 2) + "): expected seq " + (count + 1)
                + ", found 2 (seq repeated or going back: events inserted or reordered)", breakOf(lines));
    }

    @Test
    void aCopyStartingLateIsCheckedFromItsSecondEvent() throws Exception {
        VerifiedLog verified = PublishedEventFile.verify(file(events.subList(3, 10)));
        assertEquals("ok: 7 events, seq 4..10, door main/door-1, last chain " + chainOf(events.get(9))
                + "; starts at seq 4; chain checked from seq 5; 0 duplicates skipped", verified.describe());
    }

    @Test
    void aLateCopysFirstChainStillBindsTheNextEvent() throws Exception {
        List<String> lines = new ArrayList<>(events.subList(3, 10));
        lines.set(0, withMember(lines.get(0), "chain", "ab".repeat(32)));
        assertEquals("break at seq 5 (line 2): " + CHAIN_BREAK, breakOf(lines));
    }

    @Test
    void blankLinesAndWindowsLineEndingsAreTolerated() throws Exception {
        String content = "\r\n" + String.join("\r\n", events.subList(0, 5)) + "\r\n\r\n   \r\n"
                + String.join("\r\n", events.subList(5, 10));
        assertEquals(10, PublishedEventFile.verify(file(content)).events());
    }

    @Test
    void anEmptyCopyVerifies() throws Exception {
        assertEquals("ok: 0 events (the log is empty); 0 duplicates skipped",
                PublishedEventFile.verify(file("")).describe());
    }

    @Test
    void aLineThatIsNotJsonIsNamedByItsNumber() throws Exception {
        List<String> lines = edited();
        lines.add(3, "Connection error: Connection refused");
        String described = breakOf(lines);
        assertTrue(described.startsWith("break at line 4 (after seq 3): not JSON: "), described);
    }

    @Test
    void aLineThatIsNotUtf8IsNamedByItsNumber() throws Exception {
        byte[] bad = (events.get(0) + "\n\"caf\u00e9\"\n").getBytes(StandardCharsets.ISO_8859_1);
        Path f = Files.write(dir.resolve("latin1.jsonl"), bad);
        assertEquals("break at line 2 (after seq 1): not UTF-8 text",
                assertThrows(ChainBreak.class, () -> PublishedEventFile.verify(f)).describe());
    }

    @Test
    void anEventDeletedInTheMiddleIsAGap() throws Exception {
        List<String> lines = edited();
        lines.remove(4);
        assertEquals("break at seq 5 (line 5): expected seq 5, found 6 (1 event missing)", breakOf(lines));
    }

    @Test
    void eventsDeletedAtTheEndAreNotDetectedByTheChainAlone() throws Exception {
        assertEquals(8, PublishedEventFile.verify(file(events.subList(0, 8))).lastSeq());
    }

    @Test
    void anAlteredFieldBreaksTheChainAtThatEvent() throws Exception {
        List<String> lines = edited();
        lines.set(4, withMember(lines.get(4), "personId", "P-999"));
        assertEquals("break at seq 5 (line 5): " + CHAIN_BREAK, breakOf(lines));
    }

    @Test
    void anAlteredChainBreaksAtThatEvent() throws Exception {
        List<String> lines = edited();
        lines.set(6, withMember(lines.get(6), "chain", "ab".repeat(32)));
        assertEquals("break at seq 7 (line 7): " + CHAIN_BREAK, breakOf(lines));
    }

    @Test
    void anInsertedEventWithAFabricatedChainBreaksWhereItWasInserted() throws Exception {
        List<String> lines = new ArrayList<>(events.subList(0, 4));
        lines.add(withMember(withMember(events.get(3), "seq", 5L), "chain", "0f".repeat(32)));
        for (String later : events.subList(4, 10)) {
            lines.add(withMember(later, "seq", (Long) DoorLogFixture.parse(later).get("seq") + 1));
        }
        assertEquals("break at seq 5 (line 5): " + CHAIN_BREAK, breakOf(lines));
    }

    @Test
    void twoSwappedLinesShowAsAGapAtTheFirst() throws Exception {
        List<String> lines = edited();
        Collections.swap(lines, 4, 5);
        assertEquals("break at seq 5 (line 5): expected seq 5, found 6 (1 event missing)", breakOf(lines));
    }

    @Test
    void twoEventsSwappedUnderTheirSeqsBreakTheChainAtTheFirst() throws Exception {
        List<String> lines = edited();
        lines.set(4, withMember(events.get(5), "seq", 5L));
        lines.set(5, withMember(events.get(4), "seq", 6L));
        assertEquals("break at seq 5 (line 5): " + CHAIN_BREAK, breakOf(lines));
    }

    @Test
    void nonCanonicalJsonIsNamed() throws Exception {
        List<String> lines = edited();
        lines.set(2, lines.get(2).replace(",\"", ", \""));
        assertEquals("break at seq 3 (line 3): json is not in canonical form (rewritten after it was recorded)",
                breakOf(lines));
    }

    @Test
    void anEventOfAnotherDoorIsNamed() throws Exception {
        List<String> lines = edited();
        lines.set(5, rechained(withMember(lines.get(5), "door", "door-2"), chainOf(lines.get(4))));
        assertEquals("break at seq 6 (line 6): event names door main/door-2, the log so far is main/door-1"
                + " (events of another door mixed in)", breakOf(lines));
    }

    @Test
    void aMissingFileIsUnreadableNotBroken() {
        assertThrows(UnreadableLogException.class, () -> PublishedEventFile.verify(dir.resolve("missing.jsonl")));
    }
}
