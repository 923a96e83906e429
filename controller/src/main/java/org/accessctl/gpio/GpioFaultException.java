package org.accessctl.gpio;

/**
 * A pin that matters for security could not be driven or claimed. The door cannot be trusted to
 * do what the controller decides, so the caller must treat the hardware as faulty.
 */
public class GpioFaultException extends RuntimeException {

    public GpioFaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
