/**
 * The door's rules, pure: who may enter and when, who is inside, the strike and contact state
 * machine and the alarms, with time from injected sources, typed events as output, and the ports
 * the door's data is read and its steps written through; no I/O.
 */
package org.accessctl.core;
