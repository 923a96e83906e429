package org.accessctl.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accessctl.command.SignedCommand;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.mqtt.Topics;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One command's round trip through the broker: publish the token to the door's
 * {@code commands} topic and wait for the result that names its {@code jti}.
 */
final class CommandExchange implements AutoCloseable {

    private static final long BROKER_TIMEOUT_MS = 10_000;

    private final MqttClient client;
    private final MqttSettings settings;
    private final Topics topics;
    private final BlockingQueue<byte[]> results = new LinkedBlockingQueue<>();
    private final CountDownLatch stateSeen = new CountDownLatch(1);
    private volatile Instant stateAt;

    CommandExchange(MqttSettings settings, Topics topics) throws MqttException {
        this.settings = settings;
        this.topics = topics;
        // In memory: Paho's default persistence leaves files in the working directory.
        this.client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
        client.setTimeToWait(BROKER_TIMEOUT_MS);
    }

    /**
     * Connects and subscribes to the door's results, before anything is sent, so the answer
     * cannot arrive before we listen.
     */
    void listen() throws MqttException {
        client.connect(options());
        // The listener runs on Paho's thread: it only hands the payload over.
        client.subscribe(topics.commandResults(), 1, (topic, message) -> results.add(message.getPayload()));
        // The door's retained state says what its clock read at its last change.
        client.subscribe(topics.state(), 1, (topic, message) -> {
            stateAt = stateTime(message.getPayload());
            stateSeen.countDown();
        });
    }

    /**
     * The {@code at} of the door's retained state: a time the door's clock has already passed.
     * Empty when the door has published none within {@code wait}.
     */
    Optional<Instant> doorStateTime(Duration wait) {
        try {
            stateSeen.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(stateAt);
    }

    private static Instant stateTime(byte[] payload) {
        try {
            return OffsetDateTime.parse(JsonObject.parseBytes(payload).requireString("at")).toInstant();
        } catch (JsonException | DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Publishes the token (QoS 1, never retained: a retained command would reach the door again
     * at every reconnect, and the door refuses it anyway) and waits for its result.
     *
     * @return the door's result for this token, or empty when none came within {@code timeout}
     */
    Optional<CommandResult> send(SignedCommand command, Duration timeout) throws MqttException {
        MqttMessage message = new MqttMessage(command.token().getBytes(StandardCharsets.US_ASCII));
        message.setQos(1);
        message.setRetained(false);
        client.publish(topics.commands(), message);

        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            byte[] payload;
            try {
                payload = results.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (payload == null) {
                return Optional.empty();
            }
            Optional<CommandResult> result = CommandResult.parse(payload);
            // Other operators' results share the topic: only ours counts.
            if (result.isPresent() && result.get().jti().equals(command.jti())) {
                return result;
            }
        }
    }

    private MqttConnectOptions options() {
        return settings.connectOptions((int) (BROKER_TIMEOUT_MS / 1000));
    }

    @Override
    public void close() {
        OperatorBroker.close(client, BROKER_TIMEOUT_MS);
    }
}
