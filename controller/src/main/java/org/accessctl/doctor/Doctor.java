package org.accessctl.doctor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import org.accessctl.config.CheckConfig;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;

/**
 * {@code doctor --config FILE}: checks what an installation needs, one line per check, each
 * failure with what to do about it. Exit 0 when all pass, 1 when any fails, 2 on bad usage or a
 * configuration that does not load. Never a stack trace: a check that breaks is a failed check
 * with its reason (a machine without GPIO is a finding, not a crash).
 */
public final class Doctor {

    public static final String HELP = """
            usage: door-controller doctor --config FILE

            Checks what the door needs on this machine and prints one line per check, each failure
            with what to do: the configuration; each badge reader's serial device (present, readable,
            not used by the kernel's console or a getty, its settings); the GPIO chip of the Pi's
            header and the configured pins (free); the database (writable, free space); the broker
            (reachable, accepting the configured credentials and TLS); the clock (set, synchronised).
            Run it as the door's user (sudo -u door-controller door-controller doctor) to check
            permissions as the service has them. Exit 0 when all pass, 1 when any fails.""";

    private final Path proc;
    private final Path devices;
    private final Path gettyWants;
    private final Clock clock;
    private final Instant buildTime;

    Doctor(Path proc, Path devices, Path gettyWants, Clock clock, Instant buildTime) {
        this.proc = proc;
        this.devices = devices;
        this.gettyWants = gettyWants;
        this.clock = clock;
        this.buildTime = buildTime;
    }

    /** On this machine. */
    public static Doctor onThisMachine(Instant buildTime) {
        return new Doctor(Path.of("/proc"), Path.of("/dev"), Path.of("/etc/systemd/system/getty.target.wants"),
                Clock.systemDefaultZone(), buildTime);
    }

    public int run(List<String> args, Properties system, PrintStream out, PrintStream err) {
        Path file;
        try {
            file = CheckConfig.configArgument(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; usage: doctor --config FILE");
            return 2;
        }
        if (file == null) {
            err.println("doctor needs --config FILE");
            return 2;
        }
        ControllerConfig config;
        try {
            config = ConfigLoader.load(file, system, Profile.DAEMON);
        } catch (ConfigException e) {
            out.println(Finding.fail("configuration " + file, e.getMessage(),
                    "edit the file, then door-controller check-config --config " + file).line());
            return 2;
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok("configuration " + file, "valid (door " + config.siteId() + "/" + config.doorId() + ")"));
        print(out, findings);
        int failed = 0;
        failed += run(out, "serial entry reader", () -> new SerialCheck(proc, gettyWants).check("entry", config.entryReader()));
        if (config.exitReader().isPresent()) {
            failed += run(out, "serial exit reader", () -> new SerialCheck(proc, gettyWants).check("exit", config.exitReader().get()));
        }
        failed += run(out, "GPIO", () -> new GpioCheck(devices).check(config));
        failed += run(out, "database", () -> new DatabaseCheck().check(config.dbPath()));
        failed += run(out, "broker", () -> new BrokerCheck().check(config));
        failed += run(out, "clock", () -> new ClockCheck().check(clock, buildTime));
        out.println(failed == 0 ? "all checks passed" : failed + " check(s) failed");
        return failed == 0 ? 0 : 1;
    }

    /** Runs one check, printing its lines as they come; a check that breaks is a failure with its reason. */
    private static int run(PrintStream out, String what, Supplier<List<Finding>> check) {
        List<Finding> findings;
        try {
            findings = check.get();
        } catch (RuntimeException | LinkageError e) {
            findings = List.of(Finding.fail(what, "the check itself failed: " + e,
                    "report this with the line above; the other checks still ran"));
        }
        print(out, findings);
        return (int) findings.stream().filter(f -> !f.ok()).count();
    }

    private static void print(PrintStream out, List<Finding> findings) {
        for (Finding f : findings) {
            out.println(f.line());
        }
        out.flush();
    }
}
