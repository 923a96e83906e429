/**
 * The door's rules, pure: who may enter and when, who is inside, the strike and contact state
 * machine and the alarms, with time from injected sources and events as output; no I/O.
 */
package org.accessctl.core;
