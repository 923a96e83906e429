package org.accessctl.gpio;

import com.pi4j.boardinfo.util.BoardInfoHelper;
import com.pi4j.context.Context;
import com.pi4j.io.IOType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class GpioContextsTest {

    @Test
    void mockHoldsOnlyThePi4jMockDigitalProviders() {
        Context context = GpioContexts.create("mock");
        try {
            assertEquals(GpioContexts.MOCK_INPUT_ID, GpioContexts.providerId(context, IOType.DIGITAL_INPUT));
            assertEquals(GpioContexts.MOCK_OUTPUT_ID, GpioContexts.providerId(context, IOType.DIGITAL_OUTPUT));
            assertEquals(2, context.providers().all().size());
        } finally {
            context.shutdown();
        }
    }

    @Test
    void unknownSettingIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GpioContexts.create("nonsense"));
        assertTrue(e.getMessage().contains("nonsense"), e.getMessage());
    }

    @Test
    void hardwareProvidersRefuseABoardThatIsNotARaspberryPi() {
        assumeFalse(BoardInfoHelper.runningOnRaspberryPi(), "only meaningful off a Raspberry Pi");
        for (String setting : new String[] {"auto", "gpiod", "pigpio"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> GpioContexts.create(setting));
            assertTrue(e.getMessage().contains("gpio.provider=" + setting), e.getMessage());
        }
    }
}
