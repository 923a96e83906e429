package org.accessctl.sim.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/** Collects what a Paho client receives, so tests wait for messages with a deadline instead of sleeping. */
final class MessageInbox implements MqttCallback {

    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    Received next(Duration timeout) throws InterruptedException {
        Received next = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return next;
    }

    Received next() throws InterruptedException {
        return next(Duration.ofSeconds(5));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
    }

    @Override
    public void connectionLost(Throwable cause) {
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }
}
