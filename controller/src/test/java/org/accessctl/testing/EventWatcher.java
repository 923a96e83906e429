package org.accessctl.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.accessctl.json.Json;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A subscriber as an upstream system would run one: the real Paho client on the door's topics.
 * It keeps every message it received, so tests wait for what they expect instead of sleeping.
 */
public final class EventWatcher implements AutoCloseable {

    /** One received message, and the {@link System#nanoTime()} at which it arrived. */
    public record Received(String topic, String payload, boolean retained, long arrivedNanos) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return (Map<String, Object>) Json.parse(payload);
        }
    }

    private final MqttClient client;
    private final boolean keep;
    private final List<Received> received = new ArrayList<>();
    private final AtomicLong count = new AtomicLong();

    public EventWatcher(String brokerUrl, String... filters) throws MqttException {
        this(brokerUrl, new MqttConnectOptions(), filters);
    }

    /**
     * A watcher that connects with these options, e.g. a TLS socket factory and credentials for
     * a broker that requires them. Clean session, automatic reconnection and the in-flight limit are
     * set here.
     */
    public EventWatcher(String brokerUrl, MqttConnectOptions o, String... filters) throws MqttException {
        this(brokerUrl, o, true, filters);
    }

    /** A watcher that keeps nothing and only counts what arrives: for floods too large to keep. */
    public static EventWatcher counting(String brokerUrl, String... filters) throws MqttException {
        return new EventWatcher(brokerUrl, new MqttConnectOptions(), false, filters);
    }

    private EventWatcher(String brokerUrl, MqttConnectOptions o, boolean keep, String... filters) throws MqttException {
        this.keep = keep;
        client = new MqttClient(brokerUrl, "watcher-" + System.nanoTime(), new MemoryPersistence());
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        // Paho's in-flight count can lag behind the PUBACKs in a loop of synchronous publishes and
        // refuse one with "Too many publishes in progress" (seen with its default of 10, publishing
        // 300 tokens): every publish here waits for its PUBACK, so the limit only adds failures.
        o.setMaxInflight(65535);
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                long arrived = System.nanoTime();
                count.incrementAndGet();
                if (!keep) {
                    return;
                }
                synchronized (received) {
                    received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                            message.isRetained(), arrived));
                    received.notifyAll();
                }
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        client.connect(o);
        int[] qos = new int[filters.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters, qos);
    }

    /** Publishes as the upstream system would (QoS 1), waiting for the broker's acknowledgement. */
    public void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    /** How many messages have arrived, kept or not. */
    public long count() {
        return count.get();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The events (JSON) received on topics ending in {@code /events}, in arrival order. */
    public List<Map<String, Object>> events() {
        return received().stream().filter(r -> r.topic().endsWith("/events")).map(Received::json).toList();
    }

    /** Waits for a message on a topic ending in {@code topicSuffix} that satisfies the predicate. */
    public Received await(String topicSuffix, Predicate<Received> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (Received r : received) {
                    if (r.topic().endsWith(topicSuffix) && match.test(r)) {
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no message on *" + topicSuffix + " matched within " + timeout.toMillis()
                            + " ms; received: " + received);
                }
                try {
                    received.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }
    }

    /** Waits for an event of this type whose fields include all of {@code fields}. */
    public Map<String, Object> awaitEvent(String type, Map<String, Object> fields) {
        return await("/events", r -> {
            Map<String, Object> e = r.json();
            return type.equals(e.get("type")) && e.entrySet().containsAll(fields.entrySet());
        }, Await.DEFAULT).json();
    }

    /** Waits for an event of this type with these fields, up to {@code timeout}. */
    public Map<String, Object> awaitEvent(String type, Map<String, Object> fields, Duration timeout) {
        return await("/events", r -> {
            Map<String, Object> e = r.json();
            return type.equals(e.get("type")) && e.entrySet().containsAll(fields.entrySet());
        }, timeout).json();
    }

    public Map<String, Object> awaitEvent(String type) {
        return awaitEvent(type, Map.of());
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            // closing a test client: nothing to report
        }
    }
}
