package org.accessctl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;
import org.accessctl.mqtt.MqttSettings;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@code watch --config FILE [--door D]}: follows a door's events (or every door of the site)
 * through the broker and prints each as one line a person reads, with names learnt from the
 * site's retained person and visit records. Runs until stopped (Ctrl-C).
 */
public final class WatchCommand {

    public static final String HELP = """
            usage: java -jar door-controller.jar watch --config FILE [--door D]

            Follows the events of door D (without --door: every door of the site) through the broker
            in the configuration FILE (mqtt.* keys, site.id) and prints one line per event: time,
            door, type, and what happened, to whom and why, with names learnt from the site's
            retained person and visit records. Green for what went right, red for refusals and
            alarms, when the output is a terminal (NO_COLOR turns colour off); plain in a pipe.
            Runs until stopped with Ctrl-C; exits 1 if the broker cannot be reached, 2 on bad usage.""";

    private static final long TIMEOUT_MS = 10_000;

    private WatchCommand() {
    }

    /**
     * @param terminal whether standard output is a terminal, so lines may be coloured
     */
    public static int run(List<String> args, Properties system, PrintStream out, PrintStream err, boolean terminal) {
        if (Options.wantsHelp(args)) {
            out.println(HELP);
            return ExitStatus.OK;
        }
        ControllerConfig config;
        MqttSettings broker;
        String door;
        int limit;
        try {
            // --limit (stop after N events) is left out of the help: it is for tests.
            Options options = Options.parse(args, Set.of("config", "door", "limit"));
            config = ConfigLoader.load(Path.of(options.require("config")), system, Profile.DAEMON);
            door = options.optional("door").orElse("+");
            if (!door.equals("+") && !door.matches("[a-z0-9-]+")) {
                throw new UsageException("--door: expected a door id ([a-z0-9-]+), got \"" + door + "\"");
            }
            limit = options.integer("limit", 0, 0, Integer.MAX_VALUE);
            broker = OperatorBroker.settings(config);
        } catch (UsageException | ConfigException e) {
            err.println("watch: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        boolean colour = terminal && System.getenv("NO_COLOR") == null;
        String site = config.mqttTopicPrefix() + "/" + config.siteId();
        String events = site + "/doors/" + door + "/events";
        String[] filters = {site + "/personnel/+", site + "/visits/+", events};

        RecordNames names = new RecordNames();
        Map<String, Long> lastSeq = new ConcurrentHashMap<>();
        AtomicInteger printed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        MqttAsyncClient client;
        try {
            client = new MqttAsyncClient(broker.url(), broker.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            err.println("watch: broker " + broker.url() + ": " + e.getMessage());
            return ExitStatus.REFUSED;
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    // A clean session forgets subscriptions; ask again without waiting (this is Paho's thread).
                    try {
                        client.subscribe(filters, new int[] {1, 1, 1});
                        err.println("watch: reconnected to " + serverUri);
                    } catch (MqttException e) {
                        err.println("watch: could not subscribe again: " + e.getMessage());
                    }
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                err.println("watch: connection to " + broker.url() + " lost; reconnecting (events meanwhile are missed)");
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                if (topic.startsWith(site + "/personnel/")) {
                    names.person(topic.substring(topic.lastIndexOf('/') + 1), payload);
                } else if (topic.startsWith(site + "/visits/")) {
                    names.visit(topic.substring(topic.lastIndexOf('/') + 1), payload);
                } else if (print(payload, names, lastSeq, colour, out) && limit > 0 && printed.incrementAndGet() >= limit) {
                    done.countDown();
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        try {
            client.connect(options(broker)).waitForCompletion(TIMEOUT_MS);
            client.subscribe(filters, new int[] {1, 1, 1}).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            err.println("watch: broker " + broker.url() + ": " + e.getMessage());
            closeQuietly(client);
            return ExitStatus.REFUSED;
        }
        err.println("watch: following " + events + " on " + broker.url() + "; Ctrl-C stops");
        Runtime.getRuntime().addShutdownHook(new Thread(done::countDown, "watch-stop"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(client);
        return ExitStatus.OK;
    }

    /** Prints one event unless it is a redelivery (delivery is at least once); true if printed. */
    private static boolean print(byte[] payload, RecordNames names, Map<String, Long> lastSeq, boolean colour,
                                 PrintStream out) {
        Map<String, Object> event;
        try {
            event = JsonObject.parseBytes(payload).members();
        } catch (JsonException e) {
            out.println("(not an event: " + new String(payload, StandardCharsets.UTF_8) + ")");
            return false;
        }
        if (event.get("seq") instanceof Number seq) {
            String door = String.valueOf(event.get("door"));
            Long last = lastSeq.get(door);
            if (last != null && seq.longValue() <= last) {
                return false;
            }
            lastSeq.put(door, seq.longValue());
        }
        out.println(EventLine.format(event, names, colour));
        out.flush();
        return true;
    }

    private static MqttConnectOptions options(MqttSettings settings) {
        MqttConnectOptions o = settings.connectOptions((int) (TIMEOUT_MS / 1000));
        o.setAutomaticReconnect(true);
        // A site's retained records arrive all at once after the subscribe.
        o.setMaxInflight(1000);
        return o;
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
            client.close();
        } catch (MqttException e) {
            // leaving anyway
        }
    }
}
