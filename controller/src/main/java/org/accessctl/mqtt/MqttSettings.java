package org.accessctl.mqtt;

import javax.net.SocketFactory;
import org.accessctl.config.ControllerConfig;

/**
 * How to reach the broker. {@code password} is held as characters and never printed;
 * {@link #toString()} masks it.
 */
public record MqttSettings(String url, String clientId, String username, char[] password,
                           SocketFactory socketFactory, int keepAliveSeconds) {

    /**
     * The broker connection a configuration describes: its URL, credentials and TLS files. The
     * door and the operator tools connect the same way, with different client ids.
     *
     * @throws BrokerCredentialException naming the key, the file and the problem (never a
     *     file's contents)
     */
    public static MqttSettings from(ControllerConfig c, String url, String clientId) throws BrokerCredentialException {
        char[] password = c.mqttPasswordFile().isPresent() ? BrokerSecurity.readPassword(c.mqttPasswordFile().get()) : null;
        SocketFactory tls = c.mqttUsesTls() ? BrokerSecurity.socketFactory(new TlsFiles(c.mqttTlsCaFile().orElse(null),
                c.mqttTlsCertFile().orElse(null), c.mqttTlsKeyFile().orElse(null))) : null;
        return new MqttSettings(url, clientId, c.mqttUsername().orElse(null), password, tls, 30);
    }

    /**
     * Options for one connection to this broker, as every client of ours connects: MQTT 3.1.1, a
     * clean session, no automatic reconnect, this keep-alive, the credentials, and the socket
     * factory (TLS, or plain with no delay; both guard against oversized messages). Callers add
     * what is theirs (a will, the in-flight window, reconnecting).
     */
    public org.eclipse.paho.client.mqttv3.MqttConnectOptions connectOptions(int connectTimeoutSeconds) {
        var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(keepAliveSeconds);
        o.setConnectionTimeout(connectTimeoutSeconds);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password);
        }
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
            // Our factory checks the broker's name already; Paho's own check is a second lock on
            // the same door, in case a factory without it is ever passed in.
            o.setHttpsHostnameVerificationEnabled(true);
        } else {
            o.setSocketFactory(new NoDelaySocketFactory());
        }
        return o;
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
