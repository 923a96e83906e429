package org.accessctl.config;

import java.util.Objects;

import org.accessctl.serial.BadgeFormat;

/**
 * How to talk to one badge reader.
 *
 * @param port the serial device, e.g. {@code /dev/serial0}
 * @param format the frames the reader sends
 * @param baud the line speed, one of the standard rates
 */
public record ReaderSettings(String port, BadgeFormat format, int baud) {

    public ReaderSettings {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(format, "format");
    }
}
