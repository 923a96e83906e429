package org.accessctl.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The site as upstream sees it: one subscriber on every door's {@code status} and {@code events},
 * as {@code watch} without {@code --door} follows them. QoS 0, read through the door's own socket
 * factory (which reads ahead of Paho): at QoS 1 a stock Mosquitto queues at most 1,000 messages
 * for a subscriber and drops the rest, and the events of 200 doors starting at once overran a
 * QoS 1 watcher on a loaded machine, which then missed events the doors had logged. Per door it keeps the time the
 * door came online, each event as published (one JSON a line, for {@code verify-log --events}),
 * and the time of the first event matching what a benchmark waits for. Subscribe it before the
 * doors start: events are not retained.
 */
final class SiteWatcher implements AutoCloseable {

    private static final String SITE = "accessctl/main/doors/";

    /** What one door showed. */
    static final class Door {
        volatile long onlineNanos = -1;
        final List<String> events = new ArrayList<>();
        /** When the first event of each type arrived. */
        final Map<String, Long> firstOfType = new ConcurrentHashMap<>();
        volatile long lastSeq;

        /** The arrival of the door's first event of this type, or -1. */
        long first(String type) {
            return firstOfType.getOrDefault(type, -1L);
        }
    }

    private final MqttClient client;
    private final Map<String, Door> doors = new ConcurrentHashMap<>();

    SiteWatcher(String brokerUrl) throws MqttException {
        client = new MqttClient(brokerUrl, "bench-site-watcher-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                BenchMain.log("site watcher lost its connection: " + cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                arrived(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        o.setSocketFactory(new org.accessctl.mqtt.NoDelaySocketFactory());
        client.connect(o);
        client.subscribe(new String[] {SITE + "+/status", SITE + "+/events"}, new int[] {0, 0});
    }

    private void arrived(String topic, MqttMessage message) {
        String rest = topic.substring(SITE.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return;
        }
        Door door = doors.computeIfAbsent(rest.substring(0, slash), k -> new Door());
        String payload = new String(message.getPayload(), StandardCharsets.UTF_8);
        long now = System.nanoTime();
        synchronized (this) {
            if (rest.endsWith("/status") && !message.isRetained() && payload.equals("online") && door.onlineNanos < 0) {
                door.onlineNanos = now;
            } else if (rest.endsWith("/events")) {
                door.events.add(payload);
                try {
                    if (Json.parse(payload) instanceof Map<?, ?> m) {
                        if (m.get("seq") instanceof Number seq) {
                            door.lastSeq = Math.max(door.lastSeq, seq.longValue());
                        }
                        door.firstOfType.putIfAbsent(String.valueOf(m.get("type")), now);
                    }
                } catch (JsonException e) {
                    // kept as it came: verify-log names it
                }
            }
            notifyAll();
        }
    }

    /** The door's record, created empty if nothing came from it yet. */
    Door door(String id) {
        return doors.computeIfAbsent(id, k -> new Door());
    }

    /**
     * Waits until {@code done} holds for every door of {@code ids} or the timeout passes; returns
     * how many doors it holds for.
     */
    synchronized int awaitAll(List<String> ids, Predicate<Door> done, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            int n = (int) ids.stream().filter(id -> done.test(door(id))).count();
            long left = deadline - System.nanoTime();
            if (n == ids.size() || left <= 0) {
                return n;
            }
            wait(Math.min(200, Math.max(1, left / 1_000_000L)));
        }
    }

    /** True if one of the door's events matches. */
    synchronized boolean has(String id, Predicate<Map<?, ?>> match) {
        for (String e : door(id).events) {
            try {
                if (Json.parse(e) instanceof Map<?, ?> m && match.test(m)) {
                    return true;
                }
            } catch (JsonException ignored) {
                // not an event: verify-log names it
            }
        }
        return false;
    }

    /** Writes the door's events as received, one a line: a subscriber's copy for {@code verify-log --events}. */
    synchronized void writeEvents(String id, Path file) throws IOException {
        Files.write(file, door(id).events, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            // nothing to report
        }
    }
}
