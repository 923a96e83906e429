package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.accessctl.testing.ToolRun;
import org.junit.jupiter.api.Test;

/** The operator tools are reachable as commands of the one program, with its exit statuses. */
class MainOperatorToolsTest {

    @Test
    void theHelpListsTheToolsAndEachPrintsItsOwn() {
        String help = ToolRun.run("--help").ok();
        for (String tool : List.of("keygen --person ID --out DIR", "keygen --kind directory", "sign --key FILE",
                "unlock|lockdown|release", "person put|import|delete", "visit approve|revoke")) {
            assertTrue(help.contains(tool), help);
        }
        for (String tool : List.of("keygen", "sign", "unlock", "lockdown", "release", "person", "visit")) {
            String usage = ToolRun.run(tool, "--help").ok();
            assertTrue(usage.startsWith("usage: java -jar door-controller.jar " + tool), usage);
        }
    }

    @Test
    void eachToolCalledWithoutArgumentsExitsTwoWithOneLine() {
        for (String tool : List.of("keygen", "sign", "unlock", "lockdown", "release", "person", "visit")) {
            ToolRun run = ToolRun.run(tool);
            assertEquals(2, run.status(), tool);
            String line = run.err();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith(tool + ": "), line);
        }
    }
}
