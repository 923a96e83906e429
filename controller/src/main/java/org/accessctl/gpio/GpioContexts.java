package org.accessctl.gpio;

import com.pi4j.Pi4J;
import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.library.pigpio.PiGpio;
import com.pi4j.plugin.pigpio.provider.gpio.digital.PiGpioDigitalInputProvider;
import com.pi4j.plugin.pigpio.provider.gpio.digital.PiGpioDigitalOutputProvider;
import com.pi4j.event.ShutdownEvent;
import com.pi4j.event.ShutdownListener;
import com.pi4j.io.IOType;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.provider.Provider;
import com.pi4j.provider.exception.ProviderNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Builds the Pi4J context for the {@code gpio.provider} setting. Each context holds exactly one
 * digital input and one digital output provider, so the pins cannot silently land on a provider
 * other than the one the operator chose.
 *
 * <ul>
 * <li>{@code auto}: Pi4J's own detection over the plugins on the classpath (mock plugins are
 * never detected). Pi4J keeps one provider per I/O type, the one with the highest priority:
 * gpiod (150) beats pigpio (100, or 50 on a Pi 5) beats the Raspberry Pi plugin's (0). With the
 * daemon's dependencies that is gpiod on every Raspberry Pi, Pi 5 included.</li>
 * <li>{@code gpiod}: the Linux GPIO character device through libgpiod. Works on Pi 1 to 5 without
 * root. Pi4J 2.8.0 only opens the chip on a board it recognises as a Raspberry Pi.</li>
 * <li>{@code pigpio}: the pigpio C library (Pi 1 to 4, needs root, not the Pi 5). Pi4J ships this
 * in pi4j-plugin-pigpio; the Raspberry Pi plugin's own digital
 * providers ({@code raspberrypi-digital-*}) are placeholders that never touch a pin, so they are
 * never used for a door.</li>
 * <li>{@code mock}: Pi4J's mock providers, in-memory pins for the simulator and tests. The mock
 * plugin is not on the daemon's classpath, so this fails there.</li>
 * </ul>
 *
 * The caller owns the returned context and shuts it down after closing the door's pins.
 */
public final class GpioContexts {

    public static final String AUTO = "auto";
    public static final String PIGPIO = "pigpio";
    public static final String GPIOD = "gpiod";
    public static final String MOCK = "mock";

    /** Provider ids in Pi4J 2.8.0. */
    public static final String GPIOD_INPUT_ID = "gpiod-digital-input";
    public static final String GPIOD_OUTPUT_ID = "gpiod-digital-output";
    public static final String PIGPIO_INPUT_ID = "pigpio-digital-input";
    public static final String PIGPIO_OUTPUT_ID = "pigpio-digital-output";
    public static final String MOCK_INPUT_ID = "mock-digital-input";
    public static final String MOCK_OUTPUT_ID = "mock-digital-output";
    /** The Raspberry Pi plugin's placeholders: they keep a state in memory and drive nothing. */
    public static final String PLACEHOLDER_ID_PREFIX = "raspberrypi-";

    private static final Logger log = LoggerFactory.getLogger(GpioContexts.class);

    private GpioContexts() {
    }

    /**
     * A context for the setting.
     *
     * @throws IllegalArgumentException for a value that is not a known setting
     * @throws IllegalStateException when the chosen provider cannot work here (plugin missing,
     *         board not recognised)
     */
    public static Context create(String provider) {
        Objects.requireNonNull(provider, "provider");
        switch (provider) {
            case AUTO:
                return auto();
            case GPIOD:
                return gpiod();
            case PIGPIO:
                return pigpio();
            case MOCK:
                return mock();
            default:
                throw new IllegalArgumentException("unknown gpio.provider '" + provider
                        + "'; expected auto, pigpio, gpiod or mock");
        }
    }

    private static Context auto() {
        requireRaspberryPi(AUTO);
        // The shutdown hook is a backstop: if the JVM exits without our close, Pi4J still puts
        // every output to its shutdown state, which for the strike is locked.
        Context context = Pi4J.newContextBuilder().autoDetect().enableShutdownHook().build();
        requireRealDigitalIo(context, AUTO);
        return context;
    }

    private static Context gpiod() {
        requireRaspberryPi(GPIOD);
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .enableShutdownHook()
                .build();
    }

    private static Context pigpio() {
        requireRaspberryPi(PIGPIO);
        PiGpio piGpio = PiGpio.newNativeInstance();
        Context context;
        try {
            context = Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(PiGpioDigitalInputProvider.newInstance(piGpio), PiGpioDigitalOutputProvider.newInstance(piGpio))
                    .enableShutdownHook()
                    .build();
        } catch (RuntimeException e) {
            piGpio.shutdown();
            throw e;
        }
        // The plugin would release the pigpio library when Pi4J shuts down; built by hand,
        // that is ours to do, after the providers have let go of their pins.
        context.addListener(new ShutdownListener() {
            @Override
            public void onShutdown(ShutdownEvent event) {
                try {
                    piGpio.shutdown();
                } catch (RuntimeException e) {
                    log.warn("pigpio library did not shut down cleanly", e);
                }
            }
        });
        return context;
    }

    private static Context mock() {
        PluginClasses classes = new PluginClasses(MOCK, "com.pi4j:pi4j-plugin-mock");
        Provider<?, ?, ?> input = (Provider<?, ?, ?>) classes.callStatic(
                "com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider", "newInstance", new Class<?>[0]);
        Provider<?, ?, ?> output = (Provider<?, ?, ?>) classes.callStatic(
                "com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider", "newInstance", new Class<?>[0]);
        // No shutdown hook: simulators and tests create and shut down many contexts.
        return Pi4J.newContextBuilder().noAutoDetect().add(input, output).build();
    }

    /**
     * Pi4J 2.8.0's gpiod library refuses to open a chip on a board it does not recognise as a
     * Raspberry Pi, and then fails only when the first pin is claimed. Say so up front.
     */
    private static void requireRaspberryPi(String setting) {
        if (!BoardInfoHelper.runningOnRaspberryPi()) {
            throw new IllegalStateException("gpio.provider=" + setting
                    + ": this board is not recognised as a Raspberry Pi, and Pi4J's GPIO providers"
                    + " only drive pins on one; to try the controller without hardware, run the simulator"
                    + " (java -jar door-sim.jar)");
        }
    }

    /** Refuses a detected context whose digital I/O would go to placeholders or nowhere. */
    private static void requireRealDigitalIo(Context context, String setting) {
        String input = providerId(context, IOType.DIGITAL_INPUT);
        String output = providerId(context, IOType.DIGITAL_OUTPUT);
        if (input == null || output == null
                || input.startsWith(PLACEHOLDER_ID_PREFIX) || output.startsWith(PLACEHOLDER_ID_PREFIX)) {
            shutDownQuietly(context);
            throw new IllegalStateException("gpio.provider=" + setting
                    + " found no digital GPIO provider that drives pins (input: " + input
                    + ", output: " + output + "); the gpiod or pigpio plugin is missing");
        }
        log.info("GPIO through {} and {}", input, output);
    }

    /** The id of the provider Pi4J uses for a pin of this type that names none, or null when there is none. */
    static String providerId(Context context, IOType type) {
        try {
            Provider<?, ?, ?> provider = context.provider(type);
            return provider.id();
        } catch (ProviderNotFoundException e) {
            return null;
        }
    }

    private static void shutDownQuietly(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            log.warn("GPIO context did not shut down cleanly", e);
        }
    }
}
