package org.accessctl.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.accessctl.sim.SimulatedSite;

/**
 * One process of the fleet: {@code FleetNode door-41 door-42 …} runs these doors of the site in
 * one simulator (each its own controller; {@code db.path}, {@code mqtt.url} and the ports come as
 * {@code -D} settings, as for the simulator program) until it is stopped. The fleet names every
 * process's doors, so that no two processes run a door of the same id.
 */
public final class FleetNode {

    private FleetNode() {
    }

    public static void main(String[] args) throws Exception {
        List<String> doors = Arrays.asList(args);
        SimulatedSite site = SimulatedSite.start(null, System.getProperties(), doors, () -> {
            System.err.println("a door loop stopped after a fatal error; the fleet node exits");
            System.exit(1);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            site.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println("fleet node ready: " + doors.size() + " doors, API http://127.0.0.1:" + site.httpPort() + "/");
        stopped.await();
    }
}
