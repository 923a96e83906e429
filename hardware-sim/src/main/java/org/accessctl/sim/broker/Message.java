package org.accessctl.sim.broker;

import java.util.Objects;

/**
 * An application message as published (or as a will). Immutable and shared by every subscriber it
 * is delivered to, so fan-out costs one copy of the payload.
 */
record Message(String topic, byte[] payload, int qos, boolean retain) {

    Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String toString() {
        return "Message[" + topic + ", " + payload.length + " bytes, qos " + qos + (retain ? ", retained]" : "]");
    }
}
