/**
 * The door's pins through Pi4J: strike relay, door contact, exit button, buzzer and LEDs, locked
 * at start, on stop and on any fault.
 */
package org.accessctl.gpio;
