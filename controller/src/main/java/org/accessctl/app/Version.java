package org.accessctl.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The program's version, as Maven stamped it into the jar. */
public final class Version {

    private Version() {
    }

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
