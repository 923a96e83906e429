package org.accessctl.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmarks run the door with the flags the package's launcher gives it, not others. */
class PiLauncherTest {

    @Test
    void theBenchmarksUseTheLaunchersFlags() throws Exception {
        String script = Files.readString(Path.of("../controller/src/deb/data/usr/bin/door-controller"));
        String exec = script.substring(script.indexOf("exec \"$JAVA\""), script.indexOf("-jar \"$JAR\""))
                .replace("\\\n", " ");
        List<String> flags = Arrays.stream(exec.split("\\s+"))
                .filter(w -> w.startsWith("-X")).toList();
        assertEquals(flags, PiLauncher.FLAGS);
    }
}
