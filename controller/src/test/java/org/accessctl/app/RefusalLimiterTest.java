package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.accessctl.core.Event;
import org.junit.jupiter.api.Test;

class RefusalLimiterTest {

    /** Elapsed time the test moves; starts near the counter's wrap, as the core's tests do. */
    private long nanos = Long.MAX_VALUE - Duration.ofSeconds(30).toNanos();
    private final RefusalLimiter limiter = new RefusalLimiter("command", () -> nanos);
    private final Instant t0 = Instant.parse("2026-11-30T08:00:00Z");

    private List<Event> refuse(String reason, Instant at) {
        return limiter.refuse(reason, at, () -> new Event.CommandRejected(at, null, null, reason, null));
    }

    private void pass(Duration d) {
        nanos += d.toNanos();
    }

    @Test
    void aFloodIsLoggedUpToTheLimitThenCountedAndSummedUpOnceAMinute() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.addAll(refuse(i % 2 == 0 ? "bad_json" : "bad_signature", t0));
            pass(Duration.ofMillis(1));
        }
        assertEquals(RefusalLimiter.PER_WINDOW, events.size(), "only the first ones are logged");
        pass(Duration.ofSeconds(49)); // 59 s in all
        assertTrue(limiter.summary(t0).isEmpty(), "the minute is not over");
        pass(Duration.ofSeconds(1));
        List<Event> summary = limiter.summary(t0.plusSeconds(60));
        assertEquals(1, summary.size());
        Event s = summary.get(0);
        assertEquals("refusals_suppressed", s.type());
        assertEquals("command", s.fields().get("kind"));
        assertEquals(10_000 - RefusalLimiter.PER_WINDOW, s.fields().get("count"));
        assertEquals(Map.of("bad_json", 4_990, "bad_signature", 4_990), s.fields().get("reasons"));
        assertEquals(t0, s.fields().get("since"));
        pass(Duration.ofMinutes(5));
        assertTrue(limiter.summary(t0).isEmpty(), "said once");
        assertEquals(1, refuse("bad_json", t0).size(), "a new minute logs again");
    }

    private List<Event> refuseAdmitted(String reason, Instant at) {
        return limiter.refuseAdmitted(reason, at, () -> new Event.CommandRejected(at, null, null, reason, null));
    }

    @Test
    void pastTheLimitAFloodIsCountedWhereItArrivesAndNeverReachesTheLoop() {
        // As BrokerInbound does: admit on arrival, refuse on the loop only what was admitted.
        List<Event> events = new ArrayList<>();
        int reachedTheLoop = 0;
        for (int i = 0; i < 10_000; i++) {
            if (limiter.admit("malformed_token")) {
                reachedTheLoop++;
                events.addAll(refuseAdmitted("malformed_token", t0));
            }
            pass(Duration.ofMillis(1));
        }
        assertEquals(RefusalLimiter.PER_WINDOW, reachedTheLoop);
        assertEquals(RefusalLimiter.PER_WINDOW, events.size());
        pass(Duration.ofSeconds(50));
        List<Event> summary = limiter.summary(t0.plusSeconds(60));
        assertEquals(1, summary.size());
        assertEquals(10_000 - RefusalLimiter.PER_WINDOW, summary.get(0).fields().get("count"), "every token counted");
        assertTrue(limiter.admit("malformed_token"), "a new minute logs again");
    }

    @Test
    void aFloodThatArrivesFasterThanTheLoopIsAdmittedOnlyUpToTheLimitAndWhatIsDroppedIsCounted() {
        // Thousands arrive before the loop has logged any: only the limit is admitted.
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (limiter.admit("malformed_token")) {
                admitted++;
            }
        }
        assertEquals(RefusalLimiter.PER_WINDOW, admitted);
        // Five of them never reach the loop (its queue was full); the rest are logged.
        for (int i = 0; i < 5; i++) {
            limiter.dropped("malformed_token");
        }
        List<Event> logged = new ArrayList<>();
        for (int i = 0; i < admitted - 5; i++) {
            logged.addAll(refuseAdmitted("malformed_token", t0));
        }
        assertEquals(RefusalLimiter.PER_WINDOW - 5, logged.size());
        pass(Duration.ofSeconds(61));
        List<Event> summary = limiter.summary(t0.plusSeconds(61));
        assertEquals(1_000 - RefusalLimiter.PER_WINDOW + 5, summary.get(0).fields().get("count"),
                "every token not logged is counted");
    }

    @Test
    void theNextRefusalAfterAQuietMinuteBringsTheSummaryFirst() {
        for (int i = 0; i < 25; i++) {
            refuse("bad_json", t0);
        }
        pass(Duration.ofSeconds(61));
        List<Event> next = refuse("expired", t0.plusSeconds(61));
        assertEquals(List.of("refusals_suppressed", "command_rejected"), next.stream().map(Event::type).toList());
        assertEquals(5, next.get(0).fields().get("count"));
    }

    @Test
    void aWallClockThatStepsNeitherEndsNorStretchesTheMinute() {
        for (int i = 0; i < 25; i++) {
            refuse("bad_json", t0);
        }
        // The date jumps an hour back and then a day forward: still the same minute.
        assertEquals(List.of(), refuse("bad_json", t0.minus(Duration.ofHours(1))));
        assertEquals(List.of(), refuse("bad_json", t0.plus(Duration.ofDays(1))));
        assertTrue(limiter.summary(t0.plus(Duration.ofDays(1))).isEmpty());
        pass(Duration.ofMinutes(1));
        assertEquals(7, limiter.summary(t0).get(0).fields().get("count"));
    }
}
