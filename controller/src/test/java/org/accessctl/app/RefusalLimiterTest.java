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

    private final RefusalLimiter limiter = new RefusalLimiter("command");
    private final Instant t0 = Instant.parse("2026-11-30T08:00:00Z");

    private List<Event> refuse(String reason, Instant at) {
        return limiter.refuse(reason, at, () -> Event.of("command_rejected", at).with("reason", reason).build());
    }

    @Test
    void aFloodIsLoggedUpToTheLimitThenCountedAndSummedUpOnceAMinute() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            events.addAll(refuse(i % 2 == 0 ? "bad_json" : "bad_signature", t0.plusMillis(i)));
        }
        assertEquals(RefusalLimiter.PER_WINDOW, events.size(), "only the first ones are logged");
        assertTrue(limiter.summary(t0.plusSeconds(59)).isEmpty(), "the minute is not over");
        List<Event> summary = limiter.summary(t0.plus(Duration.ofMinutes(1)));
        assertEquals(1, summary.size());
        Event s = summary.get(0);
        assertEquals("refusals_suppressed", s.type());
        assertEquals("command", s.fields().get("kind"));
        assertEquals(10_000 - RefusalLimiter.PER_WINDOW, s.fields().get("count"));
        assertEquals(Map.of("bad_json", 4_990, "bad_signature", 4_990), s.fields().get("reasons"));
        assertTrue(limiter.summary(t0.plus(Duration.ofMinutes(5))).isEmpty(), "said once");
        assertEquals(1, refuse("bad_json", t0.plus(Duration.ofMinutes(5))).size(), "a new minute logs again");
    }

    @Test
    void theNextRefusalAfterAQuietMinuteBringsTheSummaryFirst() {
        for (int i = 0; i < 25; i++) {
            refuse("bad_json", t0);
        }
        List<Event> next = refuse("expired", t0.plusSeconds(61));
        assertEquals(List.of("refusals_suppressed", "command_rejected"), next.stream().map(Event::type).toList());
        assertEquals(5, next.get(0).fields().get("count"));
    }

    @Test
    void aWallClockSteppedBackStartsANewWindowRatherThanNeverEndingOne() {
        for (int i = 0; i < 25; i++) {
            refuse("bad_json", t0);
        }
        List<Event> next = refuse("bad_json", t0.minus(Duration.ofHours(1)));
        assertEquals(List.of("refusals_suppressed", "command_rejected"), next.stream().map(Event::type).toList());
    }
}
