/**
 * The technician's check of a machine for the door: serial readers, GPIO, database, broker and
 * clock, one line each with what to do.
 */
package org.accessctl.doctor;
