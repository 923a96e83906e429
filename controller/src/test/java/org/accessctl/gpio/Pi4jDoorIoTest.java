package org.accessctl.gpio;

import java.time.ZoneOffset;
import org.accessctl.testing.MutableClock;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.accessctl.core.Outputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Pi4jDoorIoTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final RecordingListener listener = new RecordingListener();
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

    private static GpioPins pins(boolean relayActiveHigh, boolean doorOpenHigh) {
        return new GpioPins(17, relayActiveHigh, 27, doorOpenHigh, 22, 23, 24, 25, Duration.ofMillis(50));
    }

    private Pi4jDoorIo openOnMock(GpioPins pins) {
        context = GpioContexts.create("mock");
        io = new Pi4jDoorIo(context, pins, clock);
        io.listen(listener);
        // Listening starts with where the door is now, so nothing between a read and listening is lost.
        try {
            assertEquals(io.doorOpen() ? "open" : "closed", listener.next());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return io;
    }

    private DigitalOutput output(String id) {
        return context.registry().get(id, DigitalOutput.class);
    }

    private MockDigitalInput input(String id) {
        return context.registry().get(id, MockDigitalInput.class);
    }

    @ParameterizedTest(name = "relay active high: {0}")
    @ValueSource(booleans = {true, false})
    void strikeIsClaimedFirstAndLockedBeforeAnyOtherPin(boolean activeHigh) {
        DigitalState locked = activeHigh ? DigitalState.LOW : DigitalState.HIGH;
        InstrumentedMockProviders providers = new InstrumentedMockProviders();
        context = providers.newContext();
        io = new Pi4jDoorIo(context, pins(activeHigh, true), clock);

        List<InstrumentedMockProviders.Claim> claims = providers.claims;
        assertEquals(6, claims.size(), claims.toString());
        assertEquals(Pi4jDoorIo.STRIKE_RELAY_ID, claims.get(0).id());
        assertNull(claims.get(0).relayLevel());
        for (InstrumentedMockProviders.Claim later : claims.subList(1, claims.size())) {
            assertEquals(locked, later.relayLevel(), "relay level when " + later.id() + " was claimed");
        }
        DigitalOutput relay = output(Pi4jDoorIo.STRIKE_RELAY_ID);
        assertEquals(locked, relay.state());
        assertEquals(locked, relay.config().initialState());
        assertEquals(locked, relay.config().shutdownState());
        assertEquals(17, relay.config().address());
    }

    @Test
    void signalsStartOffAndInputsArePulledUp() {
        openOnMock(GpioPins.defaults());
        for (String id : List.of(Pi4jDoorIo.BUZZER_ID, Pi4jDoorIo.GREEN_LED_ID, Pi4jDoorIo.RED_LED_ID)) {
            assertEquals(DigitalState.LOW, output(id).state(), id);
            assertEquals(DigitalState.LOW, output(id).config().shutdownState(), id);
        }
        for (String id : List.of(Pi4jDoorIo.DOOR_CONTACT_ID, Pi4jDoorIo.EXIT_BUTTON_ID)) {
            assertEquals(PullResistance.PULL_UP,
                    context.registry().get(id, DigitalInput.class).config().pull(), id);
        }
    }

    @ParameterizedTest(name = "relay active high: {0}")
    @ValueSource(booleans = {true, false})
    void applyDrivesEachOutput(boolean activeHigh) {
        openOnMock(pins(activeHigh, true));
        DigitalState released = activeHigh ? DigitalState.HIGH : DigitalState.LOW;
        DigitalState locked = activeHigh ? DigitalState.LOW : DigitalState.HIGH;

        io.apply(new Outputs(true, false, false, false));
        assertLevels(released, false, false, false);
        io.apply(new Outputs(true, true, false, false));
        assertLevels(released, true, false, false);
        io.apply(new Outputs(false, false, true, false));
        assertLevels(locked, false, true, false);
        io.apply(new Outputs(false, false, false, true));
        assertLevels(locked, false, false, true);
        io.apply(new Outputs(false, false, false, true));
        assertLevels(locked, false, false, true);
        io.apply(Outputs.SECURE);
        assertLevels(locked, false, false, false);
    }

    private void assertLevels(DigitalState relay, boolean green, boolean red, boolean buzzer) {
        assertEquals(relay, output(Pi4jDoorIo.STRIKE_RELAY_ID).state(), "relay");
        assertEquals(green, output(Pi4jDoorIo.GREEN_LED_ID).state().isHigh(), "green");
        assertEquals(red, output(Pi4jDoorIo.RED_LED_ID).state().isHigh(), "red");
        assertEquals(buzzer, output(Pi4jDoorIo.BUZZER_ID).state().isHigh(), "buzzer");
    }

    @ParameterizedTest(name = "open level high: {0}")
    @ValueSource(booleans = {true, false})
    void doorContactIsReportedPerOpenLevel(boolean openHigh) throws InterruptedException {
        openOnMock(pins(true, openHigh));
        DigitalState openLevel = openHigh ? DigitalState.HIGH : DigitalState.LOW;
        DigitalState closedLevel = openHigh ? DigitalState.LOW : DigitalState.HIGH;
        MockDigitalInput contact = input(Pi4jDoorIo.DOOR_CONTACT_ID);

        contact.mockState(closedLevel);
        contact.mockState(openLevel);
        contact.mockState(closedLevel);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < (openHigh ? 2 : 3); i++) {
            seen.add(listener.next());
        }
        // A mock input starts low: with open-low wiring the first drive to "closed" is a change.
        List<String> expected = openHigh ? List.of("open", "closed") : List.of("closed", "open", "closed");
        assertEquals(expected, seen);
        assertFalse(io.doorOpen());
        contact.mockState(openLevel);
        assertEquals("open", listener.next());
        assertTrue(io.doorOpen());
    }

    @Test
    void aBouncingExitButtonIsOnePressAndALaterPressIsAnother() throws InterruptedException {
        openOnMock(GpioPins.defaults());
        MockDigitalInput button = input(Pi4jDoorIo.EXIT_BUTTON_ID);
        button.mockState(DigitalState.HIGH); // the pull-up's idle level

        bounce(button);
        assertEquals("press", listener.next());
        assertEquals(List.of(), listener.drain());

        clock.advance(Duration.ofMillis(50));
        bounce(button);
        assertEquals("press", listener.next());
        assertEquals(List.of(), listener.drain());
    }

    /** Press with contact chatter, all inside 20 ms of clock time, ending released. */
    private void bounce(MockDigitalInput button) {
        for (int i = 0; i < 4; i++) {
            button.mockState(DigitalState.LOW);
            clock.advance(Duration.ofMillis(2));
            button.mockState(DigitalState.HIGH);
            clock.advance(Duration.ofMillis(3));
        }
    }

    @Test
    void releaseChatterAfterALongHoldIsNoPress() throws InterruptedException {
        openOnMock(GpioPins.defaults());
        MockDigitalInput button = input(Pi4jDoorIo.EXIT_BUTTON_ID);
        button.mockState(DigitalState.HIGH);
        button.mockState(DigitalState.LOW);
        assertEquals("press", listener.next());
        clock.advance(Duration.ofSeconds(3));
        button.mockState(DigitalState.HIGH);
        clock.advance(Duration.ofMillis(1));
        button.mockState(DigitalState.LOW);
        clock.advance(Duration.ofMillis(1));
        button.mockState(DigitalState.HIGH);
        assertEquals(List.of(), listener.drain());
    }

    @Test
    void closeLocksSwitchesOffReleasesThePinsAndIsIdempotent() {
        openOnMock(GpioPins.defaults());
        io.apply(new Outputs(true, true, true, true));
        DigitalOutput relay = output(Pi4jDoorIo.STRIKE_RELAY_ID);
        DigitalOutput green = output(Pi4jDoorIo.GREEN_LED_ID);
        DigitalOutput buzzer = output(Pi4jDoorIo.BUZZER_ID);

        io.close();
        io.close();

        assertEquals(DigitalState.LOW, relay.state());
        assertEquals(DigitalState.LOW, green.state());
        assertEquals(DigitalState.LOW, buzzer.state());
        for (String id : List.of(Pi4jDoorIo.STRIKE_RELAY_ID, Pi4jDoorIo.DOOR_CONTACT_ID, Pi4jDoorIo.EXIT_BUTTON_ID)) {
            assertFalse(context.registry().exists(id), id + " still claimed");
        }
        io.apply(new Outputs(true, false, false, false));
        assertEquals(DigitalState.LOW, relay.state(), "a late apply must not release a closed door");

        // The pins are free again, e.g. for a restarted door I/O on the same context.
        io = new Pi4jDoorIo(context, GpioPins.defaults(), clock);
        assertEquals(DigitalState.LOW, output(Pi4jDoorIo.STRIKE_RELAY_ID).state());
    }

    @Test
    void noCallbacksAfterClose() {
        openOnMock(GpioPins.defaults());
        MockDigitalInput contact = input(Pi4jDoorIo.DOOR_CONTACT_ID);
        io.close();
        contact.mockState(DigitalState.HIGH);
        assertEquals(List.of(), listener.drain());
    }

    @Test
    void aStrikeThatCannotBeDrivenIsAFault() {
        InstrumentedMockProviders providers = new InstrumentedMockProviders();
        context = providers.newContext();
        io = new Pi4jDoorIo(context, GpioPins.defaults(), clock);
        providers.broken.add(Pi4jDoorIo.STRIKE_RELAY_ID);

        assertThrows(GpioFaultException.class, () -> io.apply(new Outputs(true, false, false, false)));
        assertEquals(DigitalState.LOW, output(Pi4jDoorIo.STRIKE_RELAY_ID).state());
    }

    @Test
    void aBrokenSignalDoesNotStopTheStrikeOrTheOtherSignals() {
        InstrumentedMockProviders providers = new InstrumentedMockProviders();
        context = providers.newContext();
        io = new Pi4jDoorIo(context, GpioPins.defaults(), clock);
        providers.broken.add(Pi4jDoorIo.GREEN_LED_ID);

        io.apply(new Outputs(true, true, true, true));

        assertEquals(DigitalState.HIGH, output(Pi4jDoorIo.STRIKE_RELAY_ID).state());
        assertEquals(DigitalState.LOW, output(Pi4jDoorIo.GREEN_LED_ID).state());
        assertEquals(DigitalState.HIGH, output(Pi4jDoorIo.RED_LED_ID).state());
        assertEquals(DigitalState.HIGH, output(Pi4jDoorIo.BUZZER_ID).state());
    }

    @Test
    void aPinThatCannotBeClaimedReleasesTheOthersWithTheStrikeLocked() {
        context = GpioContexts.create("mock");
        // Something else already holds the exit button's pin.
        context.create(DigitalInput.newConfigBuilder(context).id("intruder").address(22));

        GpioFaultException e = assertThrows(GpioFaultException.class,
                () -> new Pi4jDoorIo(context, GpioPins.defaults(), clock));

        assertTrue(e.getMessage().contains("22"), e.getMessage());
        for (String id : List.of(Pi4jDoorIo.STRIKE_RELAY_ID, Pi4jDoorIo.BUZZER_ID, Pi4jDoorIo.DOOR_CONTACT_ID)) {
            assertFalse(context.registry().exists(id), id + " still claimed");
        }
    }
}
