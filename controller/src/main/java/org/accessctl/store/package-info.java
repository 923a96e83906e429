/**
 * The door's SQLite file: the local copy of persons, visits and schedules, the hash-chained event
 * log, sync marks, the door's memory and replay protection.
 */
package org.accessctl.store;
