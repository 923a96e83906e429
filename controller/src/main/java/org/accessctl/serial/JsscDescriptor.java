package org.accessctl.serial;

import java.lang.reflect.Field;
import jssc.SerialPort;

/**
 * The file descriptor behind an open jssc port. jssc 2.10.2 has no public accessor, and none of
 * its reads fits a door: {@code readBytes(n)} blocks in native code with no timeout and cannot
 * be woken by closing the port, {@code readBytes(n, timeout)} spins on the input count without
 * sleeping, and the event listener adds milliseconds. Waiting on the descriptor with poll(2)
 * wakes the moment a byte arrives and lets the reader be stopped at once.
 */
final class JsscDescriptor {

    private JsscDescriptor() {
    }

    /** @throws IllegalStateException if this jssc version keeps its descriptor elsewhere */
    static int of(SerialPort port) {
        long fd;
        try {
            Field handle = SerialPort.class.getDeclaredField("portHandle");
            handle.setAccessible(true);
            fd = handle.getLong(port);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot find the descriptor of serial port "
                    + port.getPortName() + "; this jssc version is not supported", e);
        }
        if (fd < 0 || fd > Integer.MAX_VALUE) {
            throw new IllegalStateException("serial port " + port.getPortName()
                    + " has no valid descriptor (" + fd + ")");
        }
        return (int) fd;
    }
}
