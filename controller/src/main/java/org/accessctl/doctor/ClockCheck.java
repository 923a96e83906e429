package org.accessctl.doctor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The wall clock: set (not behind this program's build, as on a Pi without a battery clock
 * before network time), and synchronised, as the kernel says ({@code adjtimex}).
 */
final class ClockCheck {

    private static final int TIME_ERROR = 5;

    List<Finding> check(Clock clock, Instant buildTime) {
        List<Finding> out = new ArrayList<>();
        Instant now = clock.instant();
        if (now.isBefore(buildTime)) {
            out.add(Finding.fail("clock", "not set: it says " + now + ", before this program was built (" + buildTime
                    + "); visitors are refused with clock_not_set until it is",
                    "give the Pi network time (timedatectl set-ntp true; the network must reach an NTP server)"
                            + " or a real-time clock module"));
        } else {
            out.add(Finding.ok("clock", "set (" + now + ")"));
        }
        int state;
        try {
            state = NativeCalls.INSTANCE.adjtimex(new byte[512]);
        } catch (RuntimeException | LinkageError e) {
            out.add(Finding.ok("clock synchronisation", "cannot be determined here (" + e.getMessage() + ")"));
            return out;
        }
        if (state < 0) {
            out.add(Finding.ok("clock synchronisation", "cannot be determined here (" + NativeCalls.lastError() + ")"));
        } else if (state == TIME_ERROR) {
            out.add(Finding.fail("clock synchronisation", "the kernel says the clock is not synchronised",
                    "timedatectl set-ntp true, and check timedatectl timesync-status (the network must reach an NTP server)"));
        } else {
            out.add(Finding.ok("clock synchronisation", "synchronised"));
        }
        return out;
    }
}
