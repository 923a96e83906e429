package org.accessctl.mqtt;

import javax.net.SocketFactory;

/**
 * How to reach the broker. {@code password} is held as characters and never printed;
 * {@link #toString()} masks it.
 */
public record MqttSettings(String url, String clientId, String username, char[] password,
                           SocketFactory socketFactory, int keepAliveSeconds) {

    @Override
    public String toString() {
        return "MqttSettings[url=" + url + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "********") + "]";
    }
}
