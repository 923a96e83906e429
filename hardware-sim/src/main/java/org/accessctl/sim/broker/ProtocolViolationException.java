package org.accessctl.sim.broker;

import java.io.IOException;

/**
 * The peer broke MQTT 3.1.1 in a way that obliges the server to close the connection. The
 * message says what was wrong, for the warning that names the client.
 */
final class ProtocolViolationException extends IOException {

    ProtocolViolationException(String message) {
        super(message);
    }
}
