/**
 * The performance goals, measured: each benchmark against its goal and the floor of our stack,
 * written to docs/benchmarks.md.
 */
package org.accessctl.bench;
