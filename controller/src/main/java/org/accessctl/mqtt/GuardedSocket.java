package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;

/**
 * A plain socket whose input is read through {@link BrokerInput}, with
 * TCP_NODELAY set for the reason {@link NoDelaySocketFactory} gives.
 */
final class GuardedSocket extends Socket {

    private final int limit;
    private InputStream input;

    GuardedSocket(int limit) throws IOException {
        this.limit = limit;
        setTcpNoDelay(true);
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        // One filter per connection: it holds the position within the current packet.
        if (input == null) {
            input = BrokerInput.of(super.getInputStream(), this, limit);
        }
        return input;
    }

    @Override
    public synchronized void close() throws IOException {
        // Also ends the read-ahead and drops what it held.
        try {
            if (input != null) {
                input.close();
            }
        } finally {
            super.close();
        }
    }
}
