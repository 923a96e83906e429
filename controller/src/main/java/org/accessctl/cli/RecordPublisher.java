package org.accessctl.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accessctl.mqtt.MqttSettings;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The directory's and approvers' side of the broker: publishes person and visit records as
 * retained messages at QoS 1 (the broker keeps the newest for every door, also one that connects
 * later), and reads the record a topic retains.
 */
final class RecordPublisher implements AutoCloseable {

    private static final long BROKER_TIMEOUT_MS = 10_000;

    private final MqttClient client;

    RecordPublisher(MqttSettings settings) throws MqttException {
        // In memory: Paho's default persistence leaves files in the working directory.
        client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
        client.setTimeToWait(BROKER_TIMEOUT_MS);
        client.connect(settings.connectOptions((int) (BROKER_TIMEOUT_MS / 1000)));
    }

    /** Publishes retained at QoS 1 and returns once the broker has acknowledged it. */
    void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(true);
        client.publish(topic, message);
    }

    /**
     * The record {@code topic} retains: a broker sends it at once on subscribing. Empty when none
     * arrived within {@code wait} (the broker holds none, or may not show it to this user).
     */
    Optional<byte[]> retained(String topic, Duration wait) throws MqttException {
        BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
        client.subscribe(topic, 1, (t, message) -> {
            if (message.isRetained() && message.getPayload().length > 0) {
                arrived.add(message.getPayload());
            }
        });
        try {
            return Optional.ofNullable(arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            client.unsubscribe(topic);
        }
    }

    @Override
    public void close() {
        OperatorBroker.close(client, BROKER_TIMEOUT_MS);
    }
}
