package org.accessctl.mqtt;

import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;

/**
 * How the door talks to a broker over one connection: what the broker sends is read ahead off
 * the socket, buffered, with oversize payloads cut; what the door writes fails, when it fails
 * after the broker ended the connection, with the reason the read-ahead saw.
 */
final class BrokerStreams {

    private final ReadAheadInput readAhead;
    private final InputStream input;
    private final OutputStream output;

    /**
     * @param socket whose read timeout the input keeps
     * @param socketInput the socket's own input (decrypted, for TLS)
     * @param socketOutput the socket's own output
     * @param limit the largest payload passed on whole, in bytes
     */
    BrokerStreams(Socket socket, InputStream socketInput, OutputStream socketOutput, int limit) {
        readAhead = new ReadAheadInput(socketInput, () -> timeout(socket));
        input = new OversizePublishFilter(new BufferedInputStream(readAhead, 1 << 16), limit);
        output = new ExplainedOutput(socketOutput);
    }

    InputStream input() {
        return input;
    }

    OutputStream output() {
        return output;
    }

    /** Ends the read-ahead and drops what it held. */
    void close() throws IOException {
        input.close();
    }

    /** The socket's read timeout now, in milliseconds; 0 (none) once it is closed. */
    static int timeout(Socket socket) {
        try {
            return socket.getSoTimeout();
        } catch (SocketException e) {
            return 0;
        }
    }

    /**
     * The read-ahead thread is often the first to learn why a connection ended (a TLS alert such
     * as {@code certificate_required}, a reset); the socket is closed by then, and a write says
     * only "Socket is closed". Paho reports the first failure it meets, so a write's failure
     * carries the read's as its cause: the log names the reason, not the symptom.
     */
    private final class ExplainedOutput extends FilterOutputStream {

        ExplainedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw explained(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw explained(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw explained(e);
            }
        }

        private IOException explained(IOException writeFailure) {
            IOException readFailure = readAhead.failure();
            if (readFailure == null) {
                return writeFailure;
            }
            IOException e = new IOException(readFailure.getMessage(), readFailure);
            e.addSuppressed(writeFailure);
            return e;
        }
    }
}
