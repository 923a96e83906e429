/**
 * Home Assistant MQTT discovery: the retained configs that show a door's contact, lock, alarms
 * and last event.
 */
package org.accessctl.ha;
