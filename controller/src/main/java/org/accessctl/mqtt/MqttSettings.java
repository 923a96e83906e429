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

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
