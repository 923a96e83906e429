package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.accessctl.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-ahead over a real loopback connection: the broker's side writes, the door's reads late. */
class ReadAheadInputTest {

    private ServerSocket server;
    private Socket door;
    private Socket broker;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        door = new Socket(server.getInetAddress(), server.getLocalPort());
        broker = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        door.close();
        broker.close();
        server.close();
    }

    @Test
    void drainsTheSocketWithoutAReaderAndHandsOverEveryByteInOrder() throws Exception {
        // Far more than memory holds and than the kernel buffers: without the read-ahead the
        // broker's writes would block once the socket is full.
        byte[] sent = new byte[12 * ReadAheadInput.MEMORY_BYTES + 12_345];
        new Random(7).nextBytes(sent);
        try (ReadAheadInput in = new ReadAheadInput(door.getInputStream(), () -> 0)) {
            in.read(new byte[0]);
            Thread writer = new Thread(() -> write(sent));
            writer.start();
            writer.join(Duration.ofSeconds(30).toMillis());
            assertEquals(Thread.State.TERMINATED, writer.getState(), "the broker's writes never blocked for long");
            Await.until(() -> in.available() == sent.length, "everything read ahead");

            byte[] got = new byte[sent.length];
            int at = 0;
            while (at < got.length) {
                // Odd sizes: reads cross the chunks in memory and the file's boundaries.
                at += in.read(got, at, Math.min(got.length - at, 1 + at % 70_001));
            }
            assertArrayEquals(sent, got);
            assertEquals(0, in.available());
        }
    }

    @Test
    void aReadWithNothingToReadTimesOutLikeTheSocketAndResumes() throws Exception {
        door.setSoTimeout(50);
        try (ReadAheadInput in = new ReadAheadInput(door.getInputStream(), () -> BrokerStreams.timeout(door))) {
            assertThrows(SocketTimeoutException.class, in::read);
            broker.getOutputStream().write(new byte[] {1, 2, 3});
            door.setSoTimeout(0);
            byte[] got = new byte[3];
            int at = 0;
            while (at < 3) {
                at += in.read(got, at, 3 - at);
            }
            assertArrayEquals(new byte[] {1, 2, 3}, got);
        }
    }

    @Test
    void theEndComesAfterTheBytesBeforeIt() throws Exception {
        try (ReadAheadInput in = new ReadAheadInput(door.getInputStream(), () -> 0)) {
            OutputStream out = broker.getOutputStream();
            out.write(new byte[] {9, 8});
            broker.close();
            assertEquals(9, in.read());
            assertEquals(8, in.read());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aFailureComesAfterTheBytesBeforeIt() throws Exception {
        InputStream failing = new InputStream() {
            private int left = 2;

            @Override
            public int read() throws IOException {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left-- > 0) {
                    b[off] = 42;
                    return 1;
                }
                throw new SocketException("Connection reset");
            }
        };
        try (ReadAheadInput in = new ReadAheadInput(failing, () -> 0)) {
            assertEquals(42, in.read());
            assertEquals(42, in.read());
            assertThrows(SocketException.class, in::read);
        }
    }

    @Test
    void closingEndsTheReadAhead() throws Exception {
        ReadAheadInput in = new ReadAheadInput(door.getInputStream(), () -> 0);
        in.read(new byte[0]);
        Thread blocked = new Thread(() -> {
            try {
                in.read();
            } catch (IOException ignored) {
                // The end is what the test waits for.
            }
        });
        blocked.start();
        in.close();
        blocked.join(Duration.ofSeconds(10).toMillis());
        assertEquals(Thread.State.TERMINATED, blocked.getState());
        Await.until(() -> !in.readingAhead(), "the read-ahead thread ended");
    }

    private void write(byte[] bytes) {
        try {
            broker.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
