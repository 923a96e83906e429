/**
 * The operators' and directory's command-line tools: keys, signing, publishing persons, visits
 * and schedules, remote commands and following a door's events.
 */
package org.accessctl.cli;
