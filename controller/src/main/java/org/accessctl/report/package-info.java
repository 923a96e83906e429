/**
 * The visit report for a period (SOP step 8), from doors' event logs: visits, visitors, purposes,
 * overrides and monthly counts, as printable HTML or CSV.
 */
package org.accessctl.report;
