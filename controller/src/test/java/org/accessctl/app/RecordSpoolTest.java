package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool between Paho's thread and the door loop, on a real file. */
class RecordSpoolTest {

    @TempDir
    Path dir;

    @Test
    void entriesComeOutInOrderWhateverTheirSizesAndTheFileIsEmptiedOnceReadUp() throws Exception {
        Random random = new Random(3);
        try (RecordSpool spool = RecordSpool.open(dir.resolve("intake"))) {
            for (int round = 0; round < 3; round++) {
                int n = 3_000;
                byte[][] payloads = new byte[n][];
                for (int i = 0; i < n; i++) {
                    // Sizes around and far above the reader's 64 KiB buffer, and empty (a deletion).
                    payloads[i] = new byte[i % 500 == 0 ? 200_000 : random.nextInt(600)];
                    random.nextBytes(payloads[i]);
                    assertTrue(spool.append(RecordSpool.Kind.RECORD, "accessctl/main/personnel/P-" + i, payloads[i]));
                }
                spool.append(RecordSpool.Kind.SYNC_MARKER, "", "m".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < n; i++) {
                    RecordSpool.Entry e = spool.next();
                    assertEquals(RecordSpool.Kind.RECORD, e.kind());
                    assertEquals("accessctl/main/personnel/P-" + i, e.topic());
                    assertArrayEquals(payloads[i], e.payload(), "entry " + i);
                }
                assertEquals(RecordSpool.Kind.SYNC_MARKER, spool.next().kind());
                assertTrue(spool.isEmpty());
                assertNull(spool.next());
                assertEquals(0, Files.size(dir.resolve("intake")), "emptied once read up");
            }
        }
        assertFalse(Files.exists(dir.resolve("intake")), "removed on close");
    }

    @Test
    void aWriterAndAReaderOnTwoThreadsLoseNothing() throws Exception {
        try (RecordSpool spool = RecordSpool.open(dir.resolve("intake"))) {
            int n = 50_000;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    spool.append(RecordSpool.Kind.RECORD, "t", Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                }
            });
            writer.start();
            int next = 0;
            while (next < n) {
                RecordSpool.Entry e = spool.next();
                if (e == null) {
                    Thread.onSpinWait();
                    continue;
                }
                assertEquals(Integer.toString(next), new String(e.payload(), StandardCharsets.US_ASCII));
                next++;
            }
            writer.join();
            assertNull(spool.next());
        }
    }
}
