package org.accessctl.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import org.accessctl.core.ElapsedTime;
import org.accessctl.core.Outputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The door's pins through Pi4J. The strike relay is claimed first, already at its locked level,
 * so that nothing this class does (including failing half way through its own construction) can
 * leave the strike released.
 *
 * <p>The context belongs to the caller: closing this releases the pins, not the context. The pin
 * ids are fixed so that a simulator sharing a mock context can find the pins in its registry.
 */
public final class Pi4jDoorIo implements DoorIo {

    public static final String STRIKE_RELAY_ID = "strike-relay";
    public static final String BUZZER_ID = "buzzer";
    public static final String GREEN_LED_ID = "led-green";
    public static final String RED_LED_ID = "led-red";
    public static final String DOOR_CONTACT_ID = "door-contact";
    public static final String EXIT_BUTTON_ID = "exit-button";

    private static final Logger log = LoggerFactory.getLogger(Pi4jDoorIo.class);

    private final Context context;
    private final GpioPins pins;
    private final DigitalState lockedLevel;
    private final DigitalState releasedLevel;
    private final DigitalOutput strike;
    private final DigitalOutput buzzer;
    private final DigitalOutput green;
    private final DigitalOutput red;
    private final DigitalInput contact;
    private final DigitalInput exitButton;
    private final ExitButtonDebouncer debouncer;
    private final DigitalStateChangeListener contactListener = this::contactChanged;
    private final DigitalStateChangeListener exitButtonListener = this::exitButtonChanged;
    /** Pins claimed so far, in claiming order; released in reverse so the strike goes last. */
    private final List<String> claimed = new ArrayList<>();
    private volatile Listener listener;
    private boolean closed;

    /**
     * Claims the pins: the strike relay (locked), then the buzzer and LEDs (off), then the door
     * contact and exit button inputs.
     *
     * @throws GpioFaultException when a pin cannot be claimed; pins claimed before it are
     *         released again, the strike locked
     */
    public Pi4jDoorIo(Context context, GpioPins pins, ElapsedTime elapsed) {
        this.context = Objects.requireNonNull(context, "context");
        this.pins = Objects.requireNonNull(pins, "pins");
        this.debouncer = new ExitButtonDebouncer(elapsed, pins.rexDebounce());
        this.lockedLevel = DigitalState.getState(pins.relayHighWhen(false));
        this.releasedLevel = DigitalState.getState(pins.relayHighWhen(true));
        try {
            // Initial and shutdown state are both "locked": Pi4J requests the line with its
            // initial level (no glitch through the other level) and restores the shutdown level
            // when the pin or the whole context is shut down.
            strike = claimOutput(STRIKE_RELAY_ID, "door strike relay", pins.relayPin(), lockedLevel);
            buzzer = claimOutput(BUZZER_ID, "buzzer", pins.buzzerPin(), DigitalState.LOW);
            green = claimOutput(GREEN_LED_ID, "green LED", pins.greenPin(), DigitalState.LOW);
            red = claimOutput(RED_LED_ID, "red LED", pins.redPin(), DigitalState.LOW);
            // Both inputs switch to ground against a pull-up. For the contact this also means a
            // cut wire reads high, which with the usual open-high wiring shows the door open
            // rather than hiding a fault behind "closed".
            contact = claimInput(DOOR_CONTACT_ID, "door contact", pins.doorPin());
            exitButton = claimInput(EXIT_BUTTON_ID, "exit button", pins.rexPin());
        } catch (RuntimeException e) {
            releaseClaimed();
            throw e;
        }
        contact.addListener(contactListener);
        exitButton.addListener(exitButtonListener);
        log.info("door pins claimed: strike relay GPIO {} (active {}), door contact GPIO {} (open when {}),"
                        + " exit button GPIO {}, buzzer GPIO {}, green LED GPIO {}, red LED GPIO {}",
                pins.relayPin(), pins.relayActiveHigh() ? "high" : "low", pins.doorPin(),
                pins.doorOpenHigh() ? "high" : "low", pins.rexPin(), pins.buzzerPin(), pins.greenPin(), pins.redPin());
    }

    @Override
    public synchronized void apply(Outputs outputs) {
        Objects.requireNonNull(outputs, "outputs");
        if (closed) {
            // Shutting down: the pins are released and the strike was left locked. A late
            // request from the door loop must not fail the shutdown, nor release anything.
            log.debug("outputs {} ignored: door I/O is closed", outputs);
            return;
        }
        // The strike first: if it cannot be driven the caller must hear about it, whatever the
        // signals do. A signal that fails is logged and does not stop the others or the strike.
        DigitalState wanted = outputs.strikeReleased() ? releasedLevel : lockedLevel;
        try {
            drive(strike, wanted);
        } catch (RuntimeException e) {
            String what = outputs.strikeReleased() ? "release" : "lock";
            log.error("cannot {} the strike: relay on GPIO {} did not take level {}", what, pins.relayPin(), wanted, e);
            throw new GpioFaultException("cannot " + what + " the strike (GPIO " + pins.relayPin() + ")", e);
        }
        driveSignal(green, outputs.greenLed(), pins.greenPin());
        driveSignal(red, outputs.redLed(), pins.redPin());
        driveSignal(buzzer, outputs.buzzer(), pins.buzzerPin());
    }

    /** True when the door is open. An unreadable contact counts as open, never as secured. */
    @Override
    public boolean doorOpen() {
        DigitalState level = contact.state();
        if (level == DigitalState.UNKNOWN) {
            return true;
        }
        return pins.doorOpenWhen(level.isHigh());
    }

    @Override
    public void listen(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        // The door may have moved between the caller reading it and listening: say where it is
        // now. A level the door loop already knows is no change to it.
        listener.doorContactChanged(doorOpen());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener = null;
        removeListenersQuietly();
        try {
            drive(strike, lockedLevel);
        } catch (RuntimeException e) {
            log.error("cannot lock the strike on close (GPIO {})", pins.relayPin(), e);
        }
        for (DigitalOutput signal : List.of(green, red, buzzer)) {
            try {
                drive(signal, DigitalState.LOW);
            } catch (RuntimeException e) {
                log.warn("cannot switch off {} on close", signal.id(), e);
            }
        }
        releaseClaimed();
    }

    private DigitalOutput claimOutput(String id, String name, int pin, DigitalState initialAndShutdown) {
        try {
            DigitalOutput output = context.create(DigitalOutput.newConfigBuilder(context)
                    .id(id)
                    .name(name)
                    .address(pin)
                    .initial(initialAndShutdown)
                    .shutdown(initialAndShutdown));
            claimed.add(id);
            return output;
        } catch (RuntimeException e) {
            log.error("cannot claim GPIO {} for the {}", pin, name, e);
            throw new GpioFaultException("cannot claim GPIO " + pin + " for the " + name + ": " + e.getMessage(), e);
        }
    }

    private DigitalInput claimInput(String id, String name, int pin) {
        try {
            DigitalInput input = context.create(DigitalInput.newConfigBuilder(context)
                    .id(id)
                    .name(name)
                    .address(pin)
                    .pull(PullResistance.PULL_UP));
            claimed.add(id);
            return input;
        } catch (RuntimeException e) {
            log.error("cannot claim GPIO {} for the {}", pin, name, e);
            throw new GpioFaultException("cannot claim GPIO " + pin + " for the " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes only on a change: Pi4J remembers the level it last wrote. */
    private static void drive(DigitalOutput output, DigitalState level) {
        if (output.state() != level) {
            output.state(level);
        }
    }

    private void driveSignal(DigitalOutput output, boolean on, int pin) {
        try {
            drive(output, on ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            log.error("cannot switch {} {} (GPIO {})", output.id(), on ? "on" : "off", pin, e);
        }
    }

    private void contactChanged(DigitalStateChangeEvent event) {
        DigitalState level = event.state();
        Listener target = listener;
        if (target == null || level == DigitalState.UNKNOWN) {
            return;
        }
        target.doorContactChanged(pins.doorOpenWhen(level.isHigh()));
    }

    private void exitButtonChanged(DigitalStateChangeEvent event) {
        DigitalState level = event.state();
        if (level == DigitalState.HIGH) {
            debouncer.rose();
        } else if (level == DigitalState.LOW && debouncer.fell()) {
            Listener target = listener;
            if (target != null) {
                target.exitButtonPressed();
            }
        }
    }

    private void removeListenersQuietly() {
        try {
            contact.removeListener(contactListener);
            exitButton.removeListener(exitButtonListener);
        } catch (RuntimeException e) {
            log.debug("removing input listeners failed", e);
        }
    }

    /**
     * Shuts the claimed pins down in reverse order, the strike last. Pi4J applies each output's
     * shutdown level on the way, so the strike ends locked even if the write in close failed.
     */
    private void releaseClaimed() {
        for (int i = claimed.size() - 1; i >= 0; i--) {
            String id = claimed.get(i);
            try {
                // Pi4J's own shutdown hook may have released everything already.
                if (context.registry().exists(id)) {
                    context.shutdown(id);
                }
            } catch (RuntimeException e) {
                log.warn("cannot release pin {}", id, e);
            }
        }
        claimed.clear();
    }
}
