package org.accessctl.sim.broker;

import org.accessctl.testing.MosquittoProcess;

/**
 * The shared behaviour against a real Mosquitto: the reference the embedded broker is held to.
 * Fails, rather than skips, without the mosquitto package, so a missing reference cannot pass
 * unnoticed.
 */
class MosquittoBrokerBehaviourTest extends BrokerBehaviourContract {
    private MosquittoProcess mosquitto;

    @Override
    protected String startBroker() {
        mosquitto = MosquittoProcess.start();
        return mosquitto.url();
    }

    @Override
    protected void stopBroker() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }
}
