package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A plain socket whose input is read through {@link BrokerStreams}, with
 * TCP_NODELAY set for the reason {@link NoDelaySocketFactory} gives.
 */
final class GuardedSocket extends Socket {

    private final int limit;
    private BrokerStreams streams;

    GuardedSocket(int limit) throws IOException {
        this.limit = limit;
        setTcpNoDelay(true);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        return streams().input();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return streams().output();
    }

    /** One pair per connection: the input holds the position within the current packet. */
    private synchronized BrokerStreams streams() throws IOException {
        if (streams == null) {
            streams = new BrokerStreams(this, super.getInputStream(), super.getOutputStream(), limit);
        }
        return streams;
    }

    @Override
    public synchronized void close() throws IOException {
        // Also ends the read-ahead and drops what it held.
        try {
            if (streams != null) {
                streams.close();
            }
        } finally {
            super.close();
        }
    }
}
