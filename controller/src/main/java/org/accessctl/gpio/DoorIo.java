package org.accessctl.gpio;

import org.accessctl.core.Outputs;

/**
 * The door's pins as the controller needs them: one strike relay, one door contact, one
 * request-to-exit button, a buzzer and two LEDs. Implementations lock the strike as the very
 * first thing they do and again in {@link #close()}.
 */
public interface DoorIo extends AutoCloseable {

    /** Receives pin changes. Called on the GPIO library's thread: implementations only enqueue. */
    interface Listener {
        void doorContactChanged(boolean open);

        void exitButtonPressed();
    }

    /** Drives the outputs to match. Idempotent. */
    void apply(Outputs outputs);

    /** The door contact now: true when the door is open. */
    boolean doorOpen();

    /** Starts delivering input changes to the listener (one listener; a second call replaces it). */
    void listen(Listener listener);

    /** Locks the strike, switches the signals off and releases the pins. Never throws. */
    @Override
    void close();
}
