package org.accessctl.sim;

import com.pi4j.context.Context;
import org.accessctl.core.Outputs;
import org.accessctl.gpio.DoorIo;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.gpio.GpioPins;
import org.accessctl.gpio.Pi4jDoorIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedPinsTest {

    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private Context context;
    private Pi4jDoorIo io;

    @AfterEach
    void shutDown() {
        if (io != null) {
            io.close();
        }
        if (context != null) {
            context.shutdown();
        }
    }

    private SimulatedPins start(GpioPins pins) {
        context = GpioContexts.create("mock");
        SimulatedPins world = new SimulatedPins(context, pins);
        io = new Pi4jDoorIo(context, pins, org.accessctl.core.ElapsedTime.SYSTEM);
        world.settle();
        io.listen(new DoorIo.Listener() {
            @Override
            public void doorContactChanged(boolean open) {
                heard.add(open ? "open" : "closed");
            }

            @Override
            public void exitButtonPressed() {
                heard.add("press");
            }
        });
        // Listening starts by reporting where the settled door is: closed.
        if (!"closed".equals(heard.poll())) {
            throw new AssertionError("listening did not report the settled door as closed");
        }
        return world;
    }

    private String nextHeard() throws InterruptedException {
        return heard.poll(5, TimeUnit.SECONDS);
    }

    /** The default wiring (relay active high, contact high when open), and both turned round. */
    @ParameterizedTest(name = "active high: {0}")
    @ValueSource(booleans = {true, false})
    void theControllerSeesTheSimulatedWorldAndTheWorldSeesTheController(boolean activeHigh) throws InterruptedException {
        SimulatedPins world = start(new GpioPins(17, activeHigh, 27, activeHigh, 22, 23, 24, 25, Duration.ofMillis(50)));
        assertEquals(!activeHigh, world.relayHigh());
        assertTrue(world.locked());
        assertFalse(world.doorOpen());
        assertFalse(io.doorOpen());

        world.openDoor();
        assertEquals("open", nextHeard());
        assertTrue(world.doorOpen());
        assertTrue(io.doorOpen());
        world.closeDoor();
        assertEquals("closed", nextHeard());

        world.pressExitButton();
        assertEquals("press", nextHeard());

        io.apply(new Outputs(true, true, false, true));
        assertEquals(activeHigh, world.relayHigh());
        assertFalse(world.locked());
        assertTrue(world.greenOn());
        assertFalse(world.redOn());
        assertTrue(world.buzzerOn());

        io.apply(Outputs.SECURE);
        assertEquals(!activeHigh, world.relayHigh());
        assertTrue(world.locked());
        assertFalse(world.greenOn());
        assertFalse(world.buzzerOn());
    }

    @Test
    void withoutTheDoorIoThereAreNoPinsToTouch() {
        context = GpioContexts.create("mock");
        SimulatedPins world = new SimulatedPins(context, GpioPins.defaults());
        assertThrows(IllegalStateException.class, world::openDoor);
    }
}
