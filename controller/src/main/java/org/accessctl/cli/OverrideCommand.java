package org.accessctl.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.accessctl.command.PendingOverride;
import org.accessctl.command.SignedCommand;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.mqtt.Topics;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code override}: the second operator completes a break-glass override and sends it. The
 * first operator signed it with {@code sign --cmd override}; this tool adds the second
 * signature, publishes it to the door it names, and waits for the door's verdict like
 * {@code unlock}. The override cannot be signed again against the door's clock, as
 * {@code unlock} is when the clocks differ: the first signature fixes its times.
 */
public final class OverrideCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar override --config FILE --key FILE --kid ID --cosign FILE

            Break-glass: releases a door's strike for up to 300 s, also during a lockdown, when two
            different operators sign it. The first runs
              sign --cmd override --key THEIRS --kid THEIR-ID --door D --reason TEXT [--seconds N] --ttl 120
            and hands over what it prints; the second runs this command with it:
              --config FILE  the controller configuration whose mqtt.* keys reach the broker
              --key FILE     this (second) operator's Ed25519 private key
              --kid ID       this operator's personId; it must not be the first signer's
              --cosign FILE  the override the first operator signed ('-': standard input)
            What it asks for is shown before it is signed. Exit 0 when the door accepted it, 1 when
            it refused it or did not answer within 15 s, 2 on bad usage or configuration.""";

    private OverrideCommand() {
    }

    public static int run(List<String> args, Properties system, InputStream in, PrintStream out, PrintStream err) {
        if (Options.wantsHelp(args)) {
            out.println(HELP);
            return ExitStatus.OK;
        }
        Clock clock = Clock.systemUTC();
        SignedCommand signed;
        Topics topics;
        MqttSettings broker;
        Duration timeout;
        String door;
        try {
            Options options = Options.parse(args, Set.of("config", "key", "kid", "cosign", "timeout"));
            ControllerConfig config = ConfigLoader.load(Path.of(options.require("config")), system, Profile.DAEMON);
            timeout = Duration.ofSeconds(options.integer("timeout", (int) RemoteCommand.DEFAULT_TIMEOUT.toSeconds(), 1, 600));
            PendingOverride pending = CosignCommand.read(Optional.of(options.require("cosign")), in);
            PrivateKey key = OperatorKeyFile.read(Path.of(options.require("key")));
            signed = CosignCommand.cosign(pending, key, options.require("kid"), clock, err, "override");
            door = pending.door();
            topics = new Topics(config.mqttTopicPrefix(), config.siteId(), door);
            broker = OperatorBroker.settings(config);
        } catch (UsageException | ConfigException e) {
            err.println("override: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        try (CommandExchange exchange = new CommandExchange(broker, topics)) {
            exchange.listen();
            Optional<CommandResult> result = exchange.send(signed, timeout);
            if (result.isEmpty()) {
                err.println("override: no answer from door " + door + " within " + timeout.toSeconds() + " s (jti "
                        + signed.jti() + "); the override may or may not have been carried out");
                return ExitStatus.REFUSED;
            }
            out.println(result.get().json());
            if (!result.get().accepted()) {
                err.println("override: door " + door + " refused it: " + result.get().reason().orElse("no reason given")
                        + result.get().detail().map(d -> " (" + d + ")").orElse(""));
                return ExitStatus.REFUSED;
            }
            return ExitStatus.OK;
        } catch (MqttException e) {
            err.println("override: broker " + broker.url() + ": " + e.getMessage() + " (jti " + signed.jti() + ")");
            return ExitStatus.REFUSED;
        }
    }
}
