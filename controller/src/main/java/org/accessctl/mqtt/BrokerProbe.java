package org.accessctl.mqtt;

import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One connection to the broker and straight back out, with the door's credentials and TLS
 * settings, to tell a technician whether the door will get in. Uses a client id of its own so
 * that it never takes over a running door's session.
 */
public final class BrokerProbe {

    private static final int TIMEOUT_SECONDS = 10;

    private BrokerProbe() {
    }

    /** Empty when the broker accepted the connection; otherwise why not, in one line. */
    public static Optional<String> connect(MqttSettings settings) {
        MqttClient client = null;
        try {
            client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
            MqttConnectOptions o = settings.connectOptions(TIMEOUT_SECONDS);
            client.connect(o);
            client.disconnect(TIMEOUT_SECONDS * 1000L);
            return Optional.empty();
        } catch (MqttException | RuntimeException e) {
            return Optional.of(ConnectFailure.describe(e));
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException e) {
                    // already reported what matters
                }
            }
        }
    }
}
