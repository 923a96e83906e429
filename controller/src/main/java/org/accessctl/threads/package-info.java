/**
 * Which of the door's threads may wait for a core: everything but the badge path runs at a lower
 * scheduling priority, and the badge path asks for short time slices, so that it runs as it wakes.
 */
package org.accessctl.threads;
