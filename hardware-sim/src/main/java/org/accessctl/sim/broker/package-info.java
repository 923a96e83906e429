/**
 * The embedded MQTT 3.1.1 broker the simulator starts, so a demo needs nothing installed: retained
 * messages, QoS 0 and 1, persistent sessions and wills, within limits.
 */
package org.accessctl.sim.broker;
