package org.accessctl.sim;

import java.io.IOException;
import java.net.BindException;

/**
 * A simulator port someone else already holds, named by the key that moves it: a technician
 * starting a second simulator, or one next to a Mosquitto on 1883, needs to know what to change.
 */
final class PortInUse extends IOException {

    PortInUse(String key, int port, String hint, BindException cause) {
        super(key + " = " + port + ": 127.0.0.1:" + port + " is already in use (" + hint + "); set " + key
                + " to a free port", cause);
    }

    /** Runs {@code bind}, turning "address already in use" into a message that names the key. */
    static <T> T bind(String key, int port, String hint, Binding<T> bind) throws IOException {
        try {
            return bind.run();
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException b) {
                    throw new PortInUse(key, port, hint, b);
                }
            }
            throw e;
        }
    }

    interface Binding<T> {
        T run() throws IOException;
    }
}
