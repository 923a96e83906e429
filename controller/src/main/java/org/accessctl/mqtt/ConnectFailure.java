package org.accessctl.mqtt;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Why a connection attempt failed, in one line for the log. Paho reports most network and TLS
 * failures as a bare "MqttException" whose cause says what happened (an unknown CA, a host name
 * the certificate does not cover, a refused client certificate), so the causes are what a
 * technician needs to read, followed by which setting to look at for the common cases.
 *
 * <p>Exception messages from Paho and the JDK's TLS code name hosts, certificates and TLS
 * alerts; the password is never in them, as Paho sends it only inside CONNECT.
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
        String hint = hint(failure, String.join(" ", parts));
        return String.join(": ", parts) + (hint == null ? "" : "; " + hint);
    }

    private static String hint(Throwable failure, String messages) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "the broker's certificate is not signed by a CA in mqtt.tls.caFile "
                        + "(without that key: in the JVM's trust store)";
            }
            if (t instanceof MqttException m && (m.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                    || m.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED)) {
                return "the broker refused the credentials: check mqtt.username, mqtt.passwordFile "
                        + "and the client certificate";
            }
        }
        if (messages.contains("No subject alternative names") || messages.contains("No name matching")) {
            return "the broker's certificate is not made out to the host in mqtt.url";
        }
        if (messages.contains("certificate_required")) {
            return "the broker wants a client certificate: set mqtt.tls.certFile and mqtt.tls.keyFile";
        }
        if (messages.contains("bad_certificate") || messages.contains("unknown_ca")
                || messages.contains("certificate_unknown")) {
            return "the broker refused the client certificate in mqtt.tls.certFile";
        }
        return null;
    }
}
