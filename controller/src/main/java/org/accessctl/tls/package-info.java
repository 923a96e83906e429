/**
 * The door's TLS credentials: certificates and a private key read from PEM files, and the key
 * manager that offers them to a server as the door's client identity.
 */
package org.accessctl.tls;
