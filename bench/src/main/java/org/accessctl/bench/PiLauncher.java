package org.accessctl.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of the Debian package's launcher ({@code /usr/bin/door-controller}): the door as a
 * Pi runs it. {@code PiLauncherTest} keeps the two the same.
 */
final class PiLauncher {

    /** As the launcher sets them, heap included. */
    static final List<String> FLAGS = List.of("-Xms64m", "-Xmx64m", "-Xss512k", "-XX:MaxMetaspaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-Xshare:auto");

    private PiLauncher() {
    }

    /** The launcher's flags, the controller's log in {@code dir}, and {@code key=value} settings. */
    static List<String> flags(Path dir, String... settings) {
        List<String> all = new ArrayList<>(FLAGS);
        all.add("-Dorg.slf4j.simpleLogger.logFile=" + dir.resolve("controller.log"));
        for (String s : settings) {
            all.add("-D" + s);
        }
        return all;
    }
}
