/**
 * Which of the door's threads may wait for a core: everything but the badge path runs at a lower
 * scheduling priority.
 */
package org.accessctl.threads;
