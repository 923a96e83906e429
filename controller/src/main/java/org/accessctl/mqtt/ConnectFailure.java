package org.accessctl.mqtt;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Why a connection attempt failed, in one line for the log. Paho reports most network and TLS
 * failures as a bare "MqttException" whose cause says what happened (an unknown CA, a host name
 * the certificate does not cover, a refused client certificate), so the causes are what a
 * technician needs to read. Exception messages from Paho and the JDK's TLS code name hosts,
 * certificates and alerts; the password is never in them, as Paho sends it only inside CONNECT.
 */
final class ConnectFailure {

    private ConnectFailure() {
    }

    static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause()) {
            if (t instanceof MqttException m && m.getReasonCode() == MqttException.REASON_CODE_CLIENT_EXCEPTION
                    && m.getCause() != null) {
                continue; // "MqttException" says nothing; its cause does
            }
            String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
            if (parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
        }
        return String.join(": ", parts);
    }
}
