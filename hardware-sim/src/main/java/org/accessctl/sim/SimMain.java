package org.accessctl.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.accessctl.config.CheckConfig;
import org.accessctl.config.ConfigException;
import org.accessctl.config.Profile;

/** {@code java -jar door-sim.jar [--config FILE]}: a working door with no hardware at all. */
public final class SimMain {

    private static final String HELP = """
            usage: java -jar door-sim.jar [--config FILE] [--fresh] [--unsigned]
                   java -jar door-sim.jar check-config [--config FILE]

            Runs the door controller on simulated hardware: a pseudo-terminal per badge reader,
            Pi4J's mock pins, and (unless mqtt.url is set) an embedded MQTT broker on
            127.0.0.1:1883. The control API and the door panel are on http://127.0.0.1:8080/.
            sim.doors=N runs door-1 … door-N in this one process, each its own controller with its
            own database (a directory per door beside db.path), readers, pins and MQTT client;
            each door's API is /api/doors/{doorId}/…, and the plain /api/… paths act on door-1.
            --fresh deletes the simulator's database (db.path) first: no persons, visits, events
            or people inside, as on the first start. Without it the door remembers all of that.
            Records are signed: unless records.directoryKeys is set, the simulator makes its own
            directory key on its first start, beside its database (keys/sim-directory.key, for
            person put), and accepts only persons signed with it and visits signed by their
            approver. --unsigned takes plain JSON records instead, as a site without keys does.
            Any configuration key can be given as -Dkey=value; it wins over the file.""";

    private SimMain() {
    }

    public static void main(String[] args) {
        List<String> list = Arrays.asList(args);
        if (list.contains("--help") || list.contains("-h")) {
            System.out.println(HELP);
            return;
        }
        if (!list.isEmpty() && list.get(0).equals("check-config")) {
            System.exit(CheckConfig.run(list.subList(1, list.size()), System.getProperties(), Profile.SIMULATOR,
                    System.out, System.err));
        }
        boolean fresh = list.contains("--fresh");
        boolean unsigned = list.contains("--unsigned");
        Path file;
        Path directoryKey = null;
        try {
            file = CheckConfig.configArgument(list.stream().filter(a -> !a.equals("--fresh") && !a.equals("--unsigned")).toList());
            if (fresh) {
                FreshStart.forgetDatabase(file, System.getProperties());
            }
            if (!unsigned) {
                directoryKey = FreshStart.directoryKey(file, System.getProperties());
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "; java -jar door-sim.jar --help");
            System.exit(2);
            return;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("--fresh: " + e.getMessage());
            System.exit(1);
            return;
        }
        SimulatedSite site;
        try {
            site = SimulatedSite.start(file, System.getProperties(), () -> {
                System.err.println("the door loop stopped after a fatal error; the simulator exits");
                System.exit(1);
            });
        } catch (ConfigException | PortInUse e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("the simulator could not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            site.close();
            stopped.countDown();
        }, "shutdown"));
        SimulatedDoor first = site.doors().get(0);
        System.out.println("Door simulator ready" + (site.doors().size() > 1 ? " (" + site.doors().size() + " doors)" : "")
                + ".");
        System.out.println("  panel and API : http://127.0.0.1:" + site.httpPort() + "/");
        System.out.println("  MQTT broker   : " + site.brokerUrl());
        for (SimulatedDoor door : site.doors()) {
            String api = site.doors().size() > 1 ? "  API /api/doors/" + door.id() + "/…" : "";
            System.out.println("  topics        : " + door.config().mqttTopicPrefix() + "/" + door.config().siteId()
                    + "/doors/" + door.id() + "/#" + api);
            System.out.println("  database      : " + door.config().dbPath());
        }
        if (site.doors().size() > 1) {
            System.out.println("  plain /api/… paths act on " + first.id());
        }
        if (directoryKey != null) {
            System.out.println("  directory key : " + directoryKey + " (kid " + SimDirectoryKey.KID
                    + "); person put --key " + directoryKey + " --kid " + SimDirectoryKey.KID);
        } else if (first.config().recordsDirectoryKeys().isEmpty()) {
            System.out.println("  records       : unsigned (plain JSON); anyone who may publish on the broker grants access");
        }
        System.out.println("Stop with Ctrl-C.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
