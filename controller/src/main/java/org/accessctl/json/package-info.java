/**
 * JSON in and out: strict reading of untrusted text through Jackson's streaming parser within
 * limits, and the compact and RFC 8785 canonical writing the event log's hash chain is made of.
 */
package org.accessctl.json;
