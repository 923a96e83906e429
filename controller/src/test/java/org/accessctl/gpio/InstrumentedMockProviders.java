package org.accessctl.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProviderImpl;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pi4J's mock pins, watched: every pin claim is recorded together with the strike relay's level
 * at that moment, and chosen outputs can be made to fail like a broken driver.
 */
final class InstrumentedMockProviders {

    /** A pin claim, and the strike relay's level when it happened (null: no relay yet). */
    record Claim(String id, DigitalState relayLevel) {
    }

    final List<Claim> claims = new CopyOnWriteArrayList<>();
    final Set<String> broken = ConcurrentHashMap.newKeySet();

    Context newContext() {
        return Pi4J.newContextBuilder().noAutoDetect().add(new Outputs(), new Inputs()).build();
    }

    private void record(Context context, String id) {
        DigitalState relay = context.registry().exists(Pi4jDoorIo.STRIKE_RELAY_ID)
                ? context.registry().get(Pi4jDoorIo.STRIKE_RELAY_ID, DigitalOutput.class).state()
                : null;
        claims.add(new Claim(id, relay));
    }

    private final class Outputs extends MockDigitalOutputProviderImpl {
        @Override
        public DigitalOutput create(DigitalOutputConfig config) {
            record(context(), config.id());
            DigitalOutput output = new BreakableOutput(this, config);
            context().registry().add(output);
            return output;
        }
    }

    private final class Inputs extends MockDigitalInputProviderImpl {
        @Override
        public DigitalInput create(DigitalInputConfig config) {
            record(context(), config.id());
            return super.create(config);
        }
    }

    private final class BreakableOutput extends MockDigitalOutput {
        BreakableOutput(DigitalOutputProvider provider, DigitalOutputConfig config) {
            super(provider, config);
        }

        @Override
        public DigitalOutput state(DigitalState state) throws IOException {
            if (broken.contains(id())) {
                throw new IOException("simulated driver failure on " + id());
            }
            return super.state(state);
        }
    }
}
