package org.accessctl.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An upstream subscriber on the door's topics (QoS 1): notes when {@code status} says
 * {@code online} and counts the events it receives. Subscribe it before the door starts: events
 * are not retained, and the door's {@code online} is seen live only by a subscriber already there.
 */
final class Watcher implements AutoCloseable {

    static final String DOOR = "accessctl/main/doors/door-1/";

    private final MqttClient client;
    private final AtomicLong events = new AtomicLong();
    private volatile long onlineNanos = -1;

    Watcher(String brokerUrl, boolean countEvents) throws MqttException {
        client = new MqttClient(brokerUrl, "bench-watcher-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (topic.endsWith("/events")) {
                    events.incrementAndGet();
                } else if (topic.endsWith("/status") && !message.isRetained()
                        && "online".equals(new String(message.getPayload(), StandardCharsets.UTF_8))) {
                    // Only a live "online" is this connect's: a retained one is an earlier connection's.
                    synchronized (Watcher.this) {
                        if (onlineNanos < 0) {
                            onlineNanos = System.nanoTime();
                        }
                        Watcher.this.notifyAll();
                    }
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1000);
        client.connect(o);
        if (countEvents) {
            client.subscribe(new String[] {DOOR + "status", DOOR + "events"}, new int[] {1, 1});
        } else {
            client.subscribe(DOOR + "status", 1);
        }
    }

    long events() {
        return events.get();
    }

    /** The time {@code online} arrived, waiting for it up to the timeout; -1 if it did not. */
    synchronized long awaitOnline(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (onlineNanos < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return onlineNanos;
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
