/**
 * The controller's configuration: its keys, their types and defaults, read once from the file and
 * the command line, validated together, printed with secrets masked.
 */
package org.accessctl.config;
