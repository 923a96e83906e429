package org.accessctl.core;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The one way times are written in events and state: ISO-8601 with offset, milliseconds. */
public final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx");

    private Times() {
    }

    public static String format(Instant at, ZoneId zone) {
        return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), zone).format(FORMAT);
    }
}
