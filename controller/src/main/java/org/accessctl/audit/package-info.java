/**
 * Reading a door's event log as an auditor does: read-only, verifying the hash chain and sequence
 * of a database or of collected events, naming the first break.
 */
package org.accessctl.audit;
