/**
 * The simulator: the real controller with its hardware replaced by simulated pins, readers and
 * clock, an HTTP API and panel to drive it, and an embedded broker.
 */
package org.accessctl.sim;
