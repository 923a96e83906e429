package org.accessctl.cli;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.net.SocketFactory;
import org.accessctl.config.ControllerConfig;
import org.accessctl.mqtt.BrokerSecurity;
import org.accessctl.mqtt.MqttSettings;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/** The broker connection an operator's tool makes, with the door's own credentials and TLS settings. */
final class OperatorBroker {

    private OperatorBroker() {
    }

    /**
     * @throws UsageException when the configuration names files that cannot be used
     */
    static MqttSettings settings(ControllerConfig config) throws UsageException {
        String url = config.mqttUrl().orElseThrow(() -> new UsageException("the configuration has no mqtt.url"));
        try {
            return MqttSettings.from(config, url, clientId());
        } catch (GeneralSecurityException e) {
            throw new UsageException("cannot set up the broker connection: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh id for every run: a broker disconnects the older of two clients with the same id,
     * and that must never be the door, nor another operator's tool.
     */
    private static String clientId() {
        byte[] bits = new byte[8];
        new SecureRandom().nextBytes(bits);
        return "operator-" + HexFormat.of().formatHex(bits);
    }

    /**
     * Leaves the broker: a clean disconnect within {@code timeoutMillis}, forced if that fails,
     * and the client's resources released. Never throws: the tool is done either way.
     */
    static void close(MqttClient client, long timeoutMillis) {
        try {
            if (client.isConnected()) {
                client.disconnect(timeoutMillis);
            }
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 1000);
            } catch (MqttException ignored) {
                // leaving anyway; the broker drops the session when the socket closes
            }
        }
        try {
            client.close();
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
