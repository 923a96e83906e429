package org.accessctl.app;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/** The program's version and build time, as Maven stamped them into the jar. */
public final class Version {

    private static final Properties BUILD = load();

    private Version() {
    }

    public static String current() {
        return BUILD.getProperty("version", "unknown");
    }

    /**
     * When this program was built. A clock showing an earlier time cannot be right: the door
     * then trusts no visit's time window ({@code clock_not_set}).
     */
    public static Instant buildTime() {
        try {
            return Instant.parse(BUILD.getProperty("buildTime", ""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // an unstamped build: version unknown, no clock floor
        }
        return p;
    }
}
