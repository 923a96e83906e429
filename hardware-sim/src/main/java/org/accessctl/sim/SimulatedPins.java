package org.accessctl.sim;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.accessctl.gpio.GpioPins;
import org.accessctl.gpio.Pi4jDoorIo;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The physical world around the door, on Pi4J's mock pins: a door that opens and closes, an
 * exit button someone presses, and the levels the controller puts on its outputs.
 *
 * <p>It shares the mock context with the controller's {@link Pi4jDoorIo} and finds its pins by
 * their fixed ids, so it works only once the door I/O has claimed them. Pins are looked up on
 * every call because the door I/O may be closed and claimed again during a simulation.
 *
 * <p>A fresh mock input reads low. Call {@link #settle()} once the pins exist to put the inputs
 * at their idle levels (door closed, button released by its pull-up).
 */
public final class SimulatedPins {

    private final Context context;
    private final GpioPins pins;

    public SimulatedPins(Context context, GpioPins pins) {
        this.context = Objects.requireNonNull(context, "context");
        this.pins = Objects.requireNonNull(pins, "pins");
    }

    /** Door closed and exit button released. */
    public void settle() {
        closeDoor();
        exitButton().mockState(DigitalState.HIGH);
    }

    public void openDoor() {
        contact().mockState(DigitalState.getState(pins.doorContactHighWhen(true)));
    }

    public void closeDoor() {
        contact().mockState(DigitalState.getState(pins.doorContactHighWhen(false)));
    }

    /** Pushes and lets go: the line falls to low, then the pull-up takes it back high. */
    public void pressExitButton() {
        MockDigitalInput button = exitButton();
        // A press is a fall; from a line still at a fresh input's low there would be none.
        button.mockState(DigitalState.HIGH);
        button.mockState(DigitalState.LOW);
        button.mockState(DigitalState.HIGH);
    }

    /** The door contact's reading: true when it shows the door open. */
    public boolean doorOpen() {
        return pins.doorOpenWhen(contact().state().isHigh());
    }

    /** The level on the strike relay's pin. */
    public boolean relayHigh() {
        return output(Pi4jDoorIo.STRIKE_RELAY_ID).state().isHigh();
    }

    /**
     * Calls {@code listener} with each new level of the strike relay's pin (true: high), on the
     * thread that drives it, from the moment the door I/O has claimed it until it releases it.
     */
    public void onRelayChange(Consumer<Boolean> listener) {
        output(Pi4jDoorIo.STRIKE_RELAY_ID).addListener(e -> listener.accept(e.state().isHigh()));
    }

    /** True when the relay's level keeps the strike locked. */
    public boolean locked() {
        return relayHigh() == pins.relayHighWhen(false);
    }

    public boolean buzzerOn() {
        return output(Pi4jDoorIo.BUZZER_ID).state().isHigh();
    }

    public boolean greenOn() {
        return output(Pi4jDoorIo.GREEN_LED_ID).state().isHigh();
    }

    public boolean redOn() {
        return output(Pi4jDoorIo.RED_LED_ID).state().isHigh();
    }

    private MockDigitalInput contact() {
        return pin(Pi4jDoorIo.DOOR_CONTACT_ID, MockDigitalInput.class);
    }

    private MockDigitalInput exitButton() {
        return pin(Pi4jDoorIo.EXIT_BUTTON_ID, MockDigitalInput.class);
    }

    private DigitalOutput output(String id) {
        return pin(id, DigitalOutput.class);
    }

    private <T extends IO<?, ?, ?>> T pin(String id, Class<T> type) {
        if (!context.registry().exists(id)) {
            throw new IllegalStateException("pin '" + id + "' is not claimed: the door I/O is not running on this context");
        }
        return context.registry().get(id, type);
    }
}
