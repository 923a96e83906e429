package org.accessctl.report;

/** A door as the events name it: its site and its own id. */
record DoorName(String site, String door) {
}
