package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import org.accessctl.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every socket the door's factories make, however it is made, reads through {@link BrokerStreams}. */
class GuardedSocketsTest {

    @TempDir
    Path dir;

    @Test
    void everyPlainSocketIsFilteredAndWithoutNagle() throws Exception {
        assertEverySocketFiltered(new NoDelaySocketFactory(), false);
    }

    @Test
    void everyTlsSocketIsFilteredAndStaysAnSslSocket() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        assertEverySocketFiltered(BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), null, null)), true);
    }

    private static void assertEverySocketFiltered(SocketFactory factory, boolean tls) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 10, loopback)) {
            int port = server.getLocalPort();
            Socket unconnected = factory.createSocket();
            unconnected.connect(server.getLocalSocketAddress());
            for (Socket s : List.of(unconnected,
                    factory.createSocket("127.0.0.1", port),
                    factory.createSocket(loopback, port),
                    factory.createSocket("127.0.0.1", port, loopback, 0),
                    factory.createSocket(loopback, port, loopback, 0))) {
                try (Socket socket = s) {
                    assertTrue(socket.isConnected(), socket.toString());
                    assertTrue(socket.getTcpNoDelay(), "TCP_NODELAY on " + socket);
                    assertTrue(socket.getInputStream() instanceof OversizePublishFilter, socket.toString());
                    assertTrue(!tls || socket instanceof SSLSocket, "Paho casts an ssl:// socket to SSLSocket");
                }
            }
        }
    }
}
