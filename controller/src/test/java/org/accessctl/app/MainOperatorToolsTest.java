package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The operator tools are reachable as commands of the one program, with its exit statuses. */
class MainOperatorToolsTest {

    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return Main.run(List.of(args), new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theHelpListsTheToolsAndEachPrintsItsOwn() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String tool : List.of("keygen --person ID --out DIR", "keygen --kind directory", "sign --key FILE",
                "unlock|lockdown|release", "person put|import|delete", "visit approve|revoke")) {
            assertTrue(help.contains(tool), help);
        }
        for (String tool : List.of("keygen", "sign", "unlock", "lockdown", "release", "person", "visit")) {
            assertEquals(0, run(tool, "--help"), tool);
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: java -jar door-controller.jar " + tool),
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void eachToolCalledWithoutArgumentsExitsTwoWithOneLine() {
        for (String tool : List.of("keygen", "sign", "unlock", "lockdown", "release", "person", "visit")) {
            assertEquals(2, run(tool), tool);
            String line = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith(tool + ": "), line);
        }
    }
}
