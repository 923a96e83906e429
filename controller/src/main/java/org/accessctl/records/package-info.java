/**
 * Retained records as the door accepts them: persons, visits and schedules decoded and checked
 * field by field, their signatures verified, each refusal naming why.
 */
package org.accessctl.records;
