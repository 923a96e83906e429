/**
 * Badge readers on serial lines through jssc: frames of each reader format decoded to badge
 * numbers, repeats suppressed, a lost reader reopened.
 */
package org.accessctl.serial;
