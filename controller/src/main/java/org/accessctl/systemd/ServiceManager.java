package org.accessctl.systemd;

/**
 * What the program tells its service manager: ready, alive, how it is, stopping. Under systemd
 * ({@code Type=notify}) these go to {@code NOTIFY_SOCKET}; elsewhere nothing listens and
 * {@link #NONE} drops them.
 */
public interface ServiceManager {

    ServiceManager NONE = new ServiceManager() {
        @Override
        public void ready(String status) {
        }

        @Override
        public void watchdog() {
        }

        @Override
        public void status(String status) {
        }

        @Override
        public void stopping() {
        }

        @Override
        public java.util.Optional<java.time.Duration> watchdogInterval() {
            return java.util.Optional.empty();
        }
    };

    /** The door answers badges: strike locked, readers open, loop running. */
    void ready(String status);

    /** The loop is alive; systemd restarts the service if this stops for {@code WatchdogSec}. */
    void watchdog();

    /** One line for {@code systemctl status}. */
    void status(String status);

    void stopping();

    /** How often systemd expects {@link #watchdog()}; empty when no watchdog is set. */
    java.util.Optional<java.time.Duration> watchdogInterval();
}
