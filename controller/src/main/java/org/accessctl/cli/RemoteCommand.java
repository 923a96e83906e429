package org.accessctl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.command.CommandSigner;
import org.accessctl.command.CommandType;
import org.accessctl.command.RejectionReason;
import org.accessctl.command.SignedCommand;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.mqtt.Topics;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code unlock}, {@code lockdown} and {@code release}: sign a command, publish it through the
 * broker the door's configuration names, and wait for the door's verdict. Exit 0 only when the
 * door accepted it; 1 when it refused, or no answer came (the operator cannot know then whether
 * the door acted, so that is never reported as success).
 */
public final class RemoteCommand {

    /** How long to wait for the door's result: a token lives 30 s, and a door answers in well under a second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private RemoteCommand() {
    }

    static String help(CommandType cmd) {
        String what = switch (cmd) {
            case UNLOCK -> "Releases the door's strike for --seconds (1 to 60, default 5).";
            case LOCKDOWN -> "Puts the door in lockdown: badges stop admitting; the exit button still opens.";
            case RELEASE -> "Ends a lockdown.";
            case CLEAR -> "The door forgets that --person is inside: hard anti-passback refuses their badge at the\n"
                    + "entry reader until then, and the two-person rule counts them. Check that they are gone first.";
            case OVERRIDE -> throw new IllegalArgumentException("an override is sent by OverrideCommand");
        };
        return "usage: java -jar door-controller.jar " + cmd.wireName()
                + " --config FILE --key FILE --kid ID --reason TEXT [--door D]"
                + (cmd == CommandType.UNLOCK ? " [--seconds N]" : "")
                + (cmd == CommandType.CLEAR ? " --person ID" : "") + "\n\n"
                + what + "\n"
                + "Signs the command with the operator's Ed25519 private key (--key, PKCS#8 PEM; --kid is the\n"
                + "operator's personId), publishes it through the broker in the controller configuration FILE\n"
                + "(mqtt.* keys) to the door D (default: door.id of FILE), and prints the door's result.\n"
                + "Exit 0 when the door accepted the command, 1 when it refused it or did not answer within\n"
                + DEFAULT_TIMEOUT.toSeconds() + " s, 2 on bad usage or configuration.";
    }

    /** How long to wait for the door's retained state, which a broker sends at once if it has one. */
    private static final Duration STATE_WAIT = Duration.ofSeconds(1);

    private static CommandSigner signer(PrivateKey key, CommandRequest request, Clock clock) {
        return new CommandSigner(key, request.kid(), clock, new SecureRandom());
    }

    private static SignedCommand sign(CommandSigner signer, CommandType cmd, CommandRequest request) {
        return signer.sign(cmd, request.door(), request.reason(), request.seconds(), request.personId(),
                CommandSigner.DEFAULT_TTL);
    }

    /** A refusal for the token's times, which a clock difference explains. */
    private static boolean isAboutTime(CommandResult r) {
        return !r.accepted() && r.reason().filter(reason -> reason.equals(RejectionReason.EXPIRED.wireName())
                || reason.equals(RejectionReason.NOT_YET_VALID.wireName())).isPresent();
    }

    public static int run(CommandType cmd, List<String> args, Properties system, PrintStream out, PrintStream err) {
        if (Options.wantsHelp(args)) {
            out.println(help(cmd));
            return ExitStatus.OK;
        }
        String name = cmd.wireName();
        Topics topics;
        PrivateKey keyFile;
        CommandRequest request;
        MqttSettings broker;
        Duration timeout;
        try {
            // --timeout is left out of the help: operators have no reason to change it, tests do.
            Options options = Options.parse(args,
                    Set.of("config", "key", "kid", "reason", "door", "seconds", "person", "timeout"));
            ControllerConfig config = ConfigLoader.load(Path.of(options.require("config")), system, Profile.DAEMON);
            request = CommandRequest.from(options, cmd, options.optional("door").orElse(config.doorId()));
            timeout = Duration.ofSeconds(options.integer("timeout", (int) DEFAULT_TIMEOUT.toSeconds(), 1, 600));
            keyFile = OperatorKeyFile.read(Path.of(options.require("key")));
            topics = new Topics(config.mqttTopicPrefix(), config.siteId(), request.door());
            broker = OperatorBroker.settings(config);
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return ExitStatus.USAGE;
        } catch (ConfigException e) {
            err.println(name + ": " + e.getMessage());
            return ExitStatus.USAGE;
        }

        SignedCommand signed = null;
        Clock local = Clock.systemUTC();
        try (CommandExchange exchange = new CommandExchange(broker, topics)) {
            exchange.listen();
            Clock signing = local;
            Optional<Duration> ahead = DoorClock.aheadBy(exchange.doorStateTime(STATE_WAIT), local);
            if (ahead.isPresent()) {
                err.println(name + ": warning: door " + request.door() + "'s clock is at least "
                        + DoorClock.describe(ahead.get()) + " this machine's (its state); signing against the door's clock");
                signing = Clock.offset(local, ahead.get());
            }
            // Signed only now, so the time spent connecting does not eat into the token's lifetime.
            signed = sign(signer(keyFile, request, signing), cmd, request);
            Optional<CommandResult> result = exchange.send(signed, timeout);
            Optional<Duration> skew = result.filter(r -> isAboutTime(r)).flatMap(CommandResult::at)
                    .flatMap(at -> DoorClock.skew(at, local));
            if (skew.isPresent()) {
                // Refused for its times alone, so nothing was done: sign again by the clock the door just showed.
                err.println(name + ": warning: door " + request.door() + "'s clock is "
                        + DoorClock.describe(skew.get()) + " this machine's; signing again against the door's clock");
                signed = sign(signer(keyFile, request, Clock.offset(local, skew.get())), cmd, request);
                result = exchange.send(signed, timeout);
            }
            if (result.isEmpty()) {
                err.println(name + ": no answer from door " + request.door() + " within " + timeout.toSeconds()
                        + " s (jti " + signed.jti() + "); the command may or may not have been carried out");
                return ExitStatus.REFUSED;
            }
            out.println(result.get().json());
            if (!result.get().accepted()) {
                err.println(name + ": door " + request.door() + " refused the command: "
                        + result.get().reason().orElse("no reason given")
                        + result.get().detail().map(d -> " (" + d + ")").orElse(""));
                return ExitStatus.REFUSED;
            }
            return ExitStatus.OK;
        } catch (MqttException e) {
            err.println(name + ": broker " + broker.url() + ": " + e.getMessage()
                    + (signed == null ? "; nothing was sent" : " (jti " + signed.jti() + ")"));
            return ExitStatus.REFUSED;
        }
    }
}
