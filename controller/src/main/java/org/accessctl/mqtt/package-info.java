/**
 * The broker link through Paho: topics, the connection and its subscriptions, flow control of the
 * retained burst, the directory's index, and the event outbox.
 */
package org.accessctl.mqtt;
