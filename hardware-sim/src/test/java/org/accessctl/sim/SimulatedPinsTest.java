package org.accessctl.sim;

import com.pi4j.context.Context;
import org.accessctl.core.Outputs;
import org.accessctl.gpio.DoorIo;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.gpio.GpioPins;
import org.accessctl.gpio.Pi4jDoorIo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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

    @Test
    void theControllerSeesTheSimulatedWorldAndTheWorldSeesTheController() throws InterruptedException {
        SimulatedPins world = start(GpioPins.defaults());
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
        assertTrue(world.relayHigh());
        assertFalse(world.locked());
        assertTrue(world.greenOn());
        assertFalse(world.redOn());
        assertTrue(world.buzzerOn());

        io.apply(Outputs.SECURE);
        assertFalse(world.relayHigh());
        assertTrue(world.locked());
        assertFalse(world.greenOn());
        assertFalse(world.buzzerOn());
    }

    @Test
    void anActiveLowRelayAndAnOpenLowContactReadTheRightWayRound() throws InterruptedException {
        GpioPins pins = new GpioPins(17, false, 27, false, 22, 23, 24, 25, Duration.ofMillis(50));
        SimulatedPins world = start(pins);
        assertTrue(world.relayHigh());
        assertTrue(world.locked());
        assertFalse(world.doorOpen());

        io.apply(new Outputs(true, false, false, false));
        assertFalse(world.relayHigh());
        assertFalse(world.locked());

        world.openDoor();
        assertEquals("open", nextHeard());
        assertTrue(world.doorOpen());
    }

    @Test
    void withoutTheDoorIoThereAreNoPinsToTouch() {
        context = GpioContexts.create("mock");
        SimulatedPins world = new SimulatedPins(context, GpioPins.defaults());
        assertThrows(IllegalStateException.class, world::openDoor);
    }
}
