package org.accessctl.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertEquals(100, backoff.nextDelayMillis());
        assertEquals(200, backoff.nextDelayMillis());
        assertEquals(400, backoff.nextDelayMillis());
        assertEquals(800, backoff.nextDelayMillis());
        assertEquals(1000, backoff.nextDelayMillis());
        assertEquals(1000, backoff.nextDelayMillis());
        backoff.reset();
        assertEquals(100, backoff.nextDelayMillis());
    }
}
