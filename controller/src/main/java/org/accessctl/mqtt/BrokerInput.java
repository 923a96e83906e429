package org.accessctl.mqtt;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;

/** How the door reads what a broker sends: read ahead off the socket, buffered, oversize payloads cut. */
final class BrokerInput {

    private BrokerInput() {
    }

    /**
     * @param socketInput the socket's own stream (decrypted, for TLS)
     * @param socket whose read timeout the stream keeps
     * @param limit the largest payload passed on whole, in bytes
     */
    static InputStream of(InputStream socketInput, Socket socket, int limit) {
        ReadAheadInput readAhead = new ReadAheadInput(socketInput, () -> timeout(socket));
        return new OversizePublishFilter(new BufferedInputStream(readAhead, 1 << 16), limit);
    }

    /** The socket's read timeout now, in milliseconds; 0 (none) once it is closed. */
    static int timeout(Socket socket) {
        try {
            return socket.getSoTimeout();
        } catch (SocketException e) {
            return 0;
        }
    }
}
