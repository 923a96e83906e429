package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.accessctl.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel's content for several doors: one card each, each with its own API base. */
class PanelFeedTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void severalDoorsGetACardEach() throws Exception {
        Properties second = new Properties();
        second.setProperty("door.id", "cage-b");
        second.setProperty("db.path", dir.resolve("b.db").toString());
        second.setProperty("sim.http.port", String.valueOf(FreePort.pick()));
        try (Simulator a = Simulator.start(Files.createDirectories(dir.resolve("a")));
             SimulatedDoor b = SimulatedDoor.start(null, withBroker(second, a.door.brokerUrl()));
             PanelFeed feed = new PanelFeed(List.of(a.door, b))) {
            List<Map<String, Object>> cards = (List<Map<String, Object>>) Simulator.json(feed.snapshot()).get("doors");
            assertEquals(List.of("door-1", "cage-b"), cards.stream().map(c -> c.get("door")).toList());
            assertEquals(List.of("/api/doors/door-1", "/api/doors/cage-b"), cards.stream().map(c -> c.get("api")).toList());
            assertEquals(List.of("entry", "exit"), ((List<Map<String, Object>>) cards.get(0).get("readers")).stream()
                    .map(r -> r.get("name")).toList());
        }
    }

    private static Properties withBroker(Properties p, String url) {
        p.setProperty("mqtt.url", url);
        return p;
    }
}
