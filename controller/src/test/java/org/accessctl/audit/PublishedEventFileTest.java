package org.accessctl.audit;

import static org.accessctl.audit.DoorLogFixture.chainOf;
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
import org.junit.jupiter.api.Test;

/** A subscriber's copy of what the door published, one event a line, edited as a text file. */
class PublishedEventFileTest extends EventLogVerifierContract {

    @Override
    VerifiedLog verify(List<String> log) throws Exception {
        return PublishedEventFile.verify(file(log));
    }

    @Override
    VerifiedLog verify(Path file) throws Exception {
        return PublishedEventFile.verify(file);
    }

    @Override
    String at(long seq) {
        return "seq " + seq + " (line " + seq + ")";
    }

    @Override
    String okEnd() {
        return "; 0 duplicates skipped";
    }

    private Path file(List<String> lines) throws Exception {
        return file(String.join("\n", lines) + "\n");
    }

    private Path file(String content) throws Exception {
        return Files.write(dir.resolve("events.jsonl"), content.getBytes(StandardCharsets.UTF_8));
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
    void twoSwappedLinesShowAsAGapAtTheFirst() throws Exception {
        List<String> lines = edited();
        Collections.swap(lines, 4, 5);
        assertEquals("break at seq 5 (line 5): expected seq 5, found 6 (1 event missing)", breakOf(lines));
    }
}
