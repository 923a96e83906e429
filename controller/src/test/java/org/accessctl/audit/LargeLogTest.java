package org.accessctl.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A door keeps its log for years; verification reads it through a cursor and a line reader
 * and keeps only the last chain (and, for a copy, a fixed window of recent digests), so its
 * time grows with the log and its memory does not.
 */
class LargeLogTest {

    private static final int EVENTS = 200_000;

    @TempDir
    Path dir;

    @Test
    void twoHundredThousandEventsVerifyInSeconds() throws Exception {
        Path db = DoorLogFixture.database(dir.resolve("door.db"), EVENTS);
        Path copy = DoorLogFixture.export(db, dir.resolve("events.jsonl"));

        VerifiedLog stored = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> StoredEventLog.verify(db));
        assertEquals(EVENTS, stored.events());
        assertEquals(EVENTS, stored.lastSeq());

        VerifiedLog published = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> PublishedEventFile.verify(copy));
        assertEquals(EVENTS, published.events());
        assertEquals(stored.lastChain(), published.lastChain());
    }
}
