package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

/**
 * A TLS 1.3 broker that wants a client certificate says so in an alert after the handshake; the
 * read-ahead thread reads it first and the socket closes, so Paho's write of CONNECT fails with
 * "Socket is closed". The log must still name the alert.
 */
class BrokerStreamsTest {

    private static final SSLHandshakeException ALERT =
            new SSLHandshakeException("Received fatal alert: certificate_required");

    @Test
    void aWriteAfterTheBrokerEndedTheConnectionFailsWithTheReason() throws Exception {
        InputStream alerted = new InputStream() {
            @Override
            public int read() throws IOException {
                throw ALERT;
            }
        };
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new SocketException("Socket is closed");
            }
        };
        try (Socket socket = new Socket()) {
            BrokerStreams streams = new BrokerStreams(socket, alerted, closed, 1024);
            assertSame(ALERT, assertThrows(IOException.class, () -> streams.input().read()));

            IOException written = assertThrows(IOException.class, () -> streams.output().write(new byte[] {0x10, 0}));
            String log = ConnectFailure.describe(new MqttException(written));
            assertTrue(log.contains("certificate_required"), log);
            assertTrue(log.contains("wants a client certificate"), log);
        }
    }

    @Test
    void aWriteThatFailsOnItsOwnKeepsItsOwnReason() throws Exception {
        InputStream quiet = InputStream.nullInputStream();
        SocketException reset = new SocketException("Connection reset");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw reset;
            }
        };
        try (Socket socket = new Socket()) {
            BrokerStreams streams = new BrokerStreams(socket, quiet, failing, 1024);
            assertSame(reset, assertThrows(IOException.class, () -> streams.output().write(1)));
        }
    }
}
