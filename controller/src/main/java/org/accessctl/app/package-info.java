/**
 * The daemon put together: the one door-loop thread that owns the door's state, and what feeds it
 * (badge readers, pins, records and commands from the broker) and what it drives (strike, log,
 * outbox).
 */
package org.accessctl.app;
