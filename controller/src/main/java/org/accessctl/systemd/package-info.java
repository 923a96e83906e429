/**
 * The service manager's protocol: readiness, watchdog and stopping notices on the notify socket.
 */
package org.accessctl.systemd;
