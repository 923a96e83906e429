package org.accessctl.app;

import com.pi4j.context.Context;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.accessctl.audit.VerifyLog;
import org.accessctl.cli.CosignCommand;
import org.accessctl.cli.KeygenCommand;
import org.accessctl.cli.OverrideCommand;
import org.accessctl.cli.PersonCommand;
import org.accessctl.cli.ScheduleCommand;
import org.accessctl.cli.VisitCommand;
import org.accessctl.cli.RemoteCommand;
import org.accessctl.cli.SignCommand;
import org.accessctl.cli.WatchCommand;
import org.accessctl.command.CommandType;
import org.accessctl.config.CheckConfig;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.core.ElapsedTime;
import org.accessctl.doctor.Doctor;
import org.accessctl.gpio.GpioContexts;
import org.accessctl.gpio.StrikeLock;
import org.accessctl.systemd.SdNotify;
import org.accessctl.systemd.ServiceManager;
import org.accessctl.report.ReportCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar door-controller.jar COMMAND}. Exit status: 0 success, 1 refusal or failure,
 * 2 bad usage or configuration, with a one-line reason on standard error.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String HELP = """
            usage: java -jar door-controller.jar COMMAND [OPTIONS]

            commands:
              run --config FILE            run the door controller daemon
              check-config --config FILE   validate a configuration and print the effective values
                                           (secrets masked)
              verify-log --db FILE | --events FILE
                                           check the event log's seq and hash chain, name the first break
              keygen --person ID --out DIR [--kind operator|approver]
                                           make an operator's or approver's Ed25519 key pair, print its publicKey
              keygen --kind directory --kid KID --out DIR
                                           make a directory key, print its line for records.directoryKeys
              person put|import|delete --config FILE [--key FILE --kid KID] ...
                                           sign a person record with the directory key and publish it
              schedule put|delete --config FILE --key FILE --kid KID --id ID --timezone ZONE --windows ...
                                           sign a schedule with the directory key and publish it
              visit approve|revoke --config FILE --key FILE --kid PERSON-ID ...
                                           sign a visit with the approver's key and publish it
              sign --key FILE --kid ID --door D --cmd unlock|lockdown|release|clear|override
                   --reason TEXT [--seconds N] [--person ID] [--ttl S]
                                           print a signed command token (an override: signed once)
              unlock|lockdown|release --config FILE --key FILE --kid ID --reason TEXT
                   [--door D] [--seconds N]
                                           sign a command, send it to a door and wait for its answer
              clear --config FILE --key FILE --kid ID --person ID --reason TEXT [--door D]
                                           the door forgets that a person is inside (anti-passback)
              cosign --key FILE --kid ID [--token FILE]
                                           add a second operator's signature to a break-glass override
              override --config FILE --key FILE --kid ID --cosign FILE
                                           add the second signature to a break-glass override, send it
                                           and wait for the door's answer
              report --db FILE --from DATE --to DATE [--format html|csv] [--out FILE]
                                           the visit report for a period: visits, visitors, purposes
                                           (--db repeated, or --events FILE: one report of a site's doors)
              watch --config FILE [--door D]
                                           follow a door's (or the site's) events live, one readable line each
              doctor --config FILE         check this machine for the door: serial readers, GPIO, database,
                                           broker, clock; one line per check, with what to do
              lock-strike --config FILE    drive the strike relay locked and exit (the service runs this
                                           after the daemon has stopped, however it stopped)

            Any configuration key can also be given as -Dkey=value before -jar; it wins over the file.
            COMMAND --help prints the command's own help.""";

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything logs: under systemd, lines carry journal priorities.
        JournalStream.installIfJournal(System.getenv());
        int status = run(Arrays.asList(args), System.getProperties(), System.out, System.err);
        if (status != OK || args.length == 0 || !"run".equals(args[0])) {
            System.exit(status);
        }
    }

    public static int run(List<String> args, Properties system, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("no command given; java -jar door-controller.jar --help lists them");
            return USAGE;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            out.println(HELP);
            return OK;
        }
        boolean help = rest.contains("--help") || rest.contains("-h");
        switch (command) {
            case "run":
                if (help) {
                    out.println("usage: java -jar door-controller.jar run --config FILE\n\n"
                            + "Runs the daemon: locks the strike, opens the database, reads the badge readers and\n"
                            + "the door's pins, and talks to the MQTT broker. Stops cleanly on SIGTERM.");
                    return OK;
                }
                return runDaemon(rest, system, err);
            case "check-config":
                if (help) {
                    out.println("usage: java -jar door-controller.jar check-config --config FILE\n\n"
                            + "Validates FILE (and -D overrides) and prints the effective configuration, one key a\n"
                            + "line with where each value came from. Exit 0 when valid, 2 with the reason when not.");
                    return OK;
                }
                return CheckConfig.run(rest, system, Profile.DAEMON, out, err);
            case "verify-log":
                if (help) {
                    out.println(VerifyLog.HELP);
                    return OK;
                }
                return VerifyLog.run(rest, out, err);
            case "keygen":
                return KeygenCommand.run(rest, out, err);
            case "sign":
                return SignCommand.run(rest, Clock.systemUTC(), out, err);
            case "person":
                return PersonCommand.run(rest, system, Clock.systemUTC(), out, err);
            case "schedule":
                return ScheduleCommand.run(rest, system, Clock.systemUTC(), out, err);
            case "visit":
                return VisitCommand.run(rest, system, Clock.systemUTC(), out, err);
            case "cosign":
                return CosignCommand.run(rest, System.in, Clock.systemUTC(), out, err);
            case "override":
                return OverrideCommand.run(rest, system, System.in, out, err);
            case "unlock", "lockdown", "release", "clear":
                return RemoteCommand.run(CommandType.fromWire(command).orElseThrow(), rest, system, out, err);
            case "watch":
                return WatchCommand.run(rest, system, out, err, System.console() != null);
            case "doctor":
                if (help) {
                    out.println(Doctor.HELP);
                    return OK;
                }
                return Doctor.onThisMachine(Version.buildTime()).run(rest, system, out, err);
            case "lock-strike":
                if (help) {
                    out.println("usage: door-controller lock-strike --config FILE\n\n"
                            + "Drives the strike relay (gpio.relay.pin, gpio.relay.activeHigh) to its locked level and\n"
                            + "exits. The service runs it after the daemon stops, also after a crash or kill -9.");
                    return OK;
                }
                return lockStrike(rest, system, err);
            case "report":
                if (help) {
                    out.println(ReportCommand.HELP);
                    return OK;
                }
                return ReportCommand.run(rest, out, err);
            default:
                err.println("unknown command '" + command + "'; java -jar door-controller.jar --help lists them");
                return USAGE;
        }
    }

    private static int lockStrike(List<String> args, Properties system, PrintStream err) {
        ControllerConfig config;
        try {
            Path file = CheckConfig.configArgument(args);
            if (file == null) {
                err.println("lock-strike needs --config FILE");
                return USAGE;
            }
            config = ConfigLoader.load(file, system, Profile.DAEMON);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; usage: lock-strike --config FILE");
            return USAGE;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        try {
            StrikeLock.lock(config.gpioProvider(), DoorService.pins(config));
            err.println("strike locked (GPIO " + config.gpioRelayPin() + ")");
            return OK;
        } catch (RuntimeException e) {
            err.println("cannot lock the strike: " + e.getMessage());
            return FAILED;
        }
    }

    private static int runDaemon(List<String> args, Properties system, PrintStream err) {
        ControllerConfig config;
        try {
            Path file = CheckConfig.configArgument(args);
            if (file == null) {
                err.println("run needs --config FILE");
                return USAGE;
            }
            config = ConfigLoader.load(file, system, Profile.DAEMON);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "; usage: run --config FILE");
            return USAGE;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        Context gpio;
        try {
            gpio = GpioContexts.create(config.gpioProvider());
        } catch (IllegalStateException e) {
            // No pins here as configured (not a Pi, plugin missing): a setup matter, said in one line.
            err.println("the door could not start: " + e.getMessage());
            return FAILED;
        }
        DoorService service;
        try {
            ServiceManager manager = SdNotify.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
            service = DoorService.start(config, Clock.systemDefaultZone(), ElapsedTime.SYSTEM, gpio, manager, () -> {
                System.err.println("the door loop stopped after a fatal error; exiting so the service restarts");
                System.exit(FAILED);
            });
        } catch (RuntimeException e) {
            log.error("the door could not start", e);
            err.println("the door could not start: " + e.getMessage());
            return FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            gpio.shutdown();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }
}
