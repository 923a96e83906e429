package org.accessctl.mqtt;

/** Where the program publishes what is not an event (command results, sync marks, discovery configs). */
public interface Publisher {

    /** Publishes at QoS 1 without waiting for the broker's acknowledgement. */
    void publish(String topic, String payload, boolean retained) throws PublishException;
}
