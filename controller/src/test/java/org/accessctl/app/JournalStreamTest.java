package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.accessctl.testing.StandardErrorCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JournalStreamTest {

    @Test
    void eachLineCarriesItsLevelAsASyslogPriority() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(new JournalStream(bytes), true, StandardCharsets.UTF_8);
        err.println("[door-loop] INFO DoorLoop - event {\"seq\":1}");
        err.println("[main] WARN DoorService - no mqtt.url");
        err.println("[door-loop] ERROR DoorLoop - failed to handle a queued task");
        err.println("java.lang.IllegalStateException: disk full");
        err.println("\tat org.accessctl.store.EventLog.append(EventLog.java:10)");
        err.println("Caused by: java.io.IOException: No space left on device");
        err.println("[main] DEBUG Pi4J - detail");
        err.println("the door could not start: cannot claim GPIO 17");

        assertEquals(List.of(
                "<6>[door-loop] INFO DoorLoop - event {\"seq\":1}",
                "<4>[main] WARN DoorService - no mqtt.url",
                "<3>[door-loop] ERROR DoorLoop - failed to handle a queued task",
                "<3>java.lang.IllegalStateException: disk full",
                "<3>\tat org.accessctl.store.EventLog.append(EventLog.java:10)",
                "<3>Caused by: java.io.IOException: No space left on device",
                "<7>[main] DEBUG Pi4J - detail",
                "<3>the door could not start: cannot claim GPIO 17"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void theLoggerItselfIsPrefixedUnderTheJournalAndLeftAloneElsewhere() {
        try (StandardErrorCapture capture = new StandardErrorCapture()) {
            PrintStream before = System.err;
            JournalStream.installIfJournal(Map.of());
            assertEquals(before, System.err, "without JOURNAL_STREAM nothing changes");
            JournalStream.installIfJournal(Map.of("JOURNAL_STREAM", "8:12345"));
            try {
                LoggerFactory.getLogger(JournalStreamTest.class).warn("journal check {}", 42);
                capture.awaitContaining("journal check 42");
                String line = capture.text().lines().filter(l -> l.contains("journal check")).findFirst().orElseThrow();
                assertEquals("<4>[main] WARN JournalStreamTest - journal check 42", line);
            } finally {
                System.setErr(before);
            }
        }
    }
}
