package org.accessctl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The fixture the MQTT tests rely on to take a real broker away and bring it back. */
class MosquittoProcessTest {

    @Test
    void killAndRestartOnTheSamePort() throws IOException {
        try (MosquittoProcess mosquitto = MosquittoProcess.start()) {
            int port = mosquitto.port();
            assertEquals("tcp://127.0.0.1:" + port, mosquitto.url());
            assertTrue(accepts(port));

            mosquitto.kill();
            assertFalse(mosquitto.isRunning());
            assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());

            mosquitto.restart();
            assertTrue(mosquitto.isRunning());
            assertTrue(accepts(port));
            assertEquals(port, mosquitto.port());
        }
    }

    private static boolean accepts(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return socket.isConnected();
        }
    }
}
