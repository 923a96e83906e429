package org.accessctl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.accessctl.command.CommandSigner;
import org.accessctl.command.CommandType;
import org.accessctl.command.CommandVerifier;
import org.accessctl.command.SignedCommand;

/**
 * {@code sign}: prints a command token, for operators who deliver it themselves (any MQTT client
 * publishing it, not retained, to {@code P/S/doors/D/commands}).
 */
public final class SignCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar sign --key FILE --kid ID --door D
                       --cmd unlock|lockdown|release|clear|override --reason TEXT
                       [--seconds N] [--person ID] [--ttl S]

            Prints a command token (a compact JWS signed with EdDSA) on one line.
              --key FILE     the operator's Ed25519 private key (PKCS#8 PEM, readable by the owner only)
              --kid ID       the operator's personId; the door checks the signature with that
                             person's publicKey
              --door D       the door that is to carry the command out
              --cmd          unlock, lockdown (badges stop admitting), release (ends a lockdown),
                             clear (the door forgets that --person is inside), or override
                             (break-glass, needs a second operator: see below)
              --reason TEXT  why; recorded in the door's event log (1 to 500 characters)
              --seconds N    unlock: how long the strike is released, 1 to 60 (default 5);
                             override: 1 to 300 (default 300)
              --person ID    clear only: the personId whose presence is cleared
              --ttl S        how long the token is valid, 1 to 120 seconds (default 30)
            Publish it with QoS 1, not retained; each token is accepted at most once.
            An override is printed as JWS JSON with this operator's signature only; a second
            operator adds theirs with cosign, or with override --cosign FILE, which also sends it.
            Both must do so before the token expires (--ttl: give the second operator time).""";

    private SignCommand() {
    }

    public static int run(List<String> args, Clock clock, PrintStream out, PrintStream err) {
        if (Options.wantsHelp(args)) {
            out.println(HELP);
            return ExitStatus.OK;
        }
        try {
            Options options = Options.parse(args, Set.of("key", "kid", "door", "cmd", "reason", "seconds", "person", "ttl"));
            String cmdName = options.require("cmd");
            CommandType cmd = CommandType.fromWire(cmdName).orElseThrow(() -> new UsageException(
                    "--cmd must be unlock, lockdown, release, clear or override, not " + cmdName));
            CommandRequest request = CommandRequest.from(options, cmd, options.require("door"));
            Duration ttl = Duration.ofSeconds(options.integer("ttl", (int) CommandSigner.DEFAULT_TTL.toSeconds(), 1,
                    (int) CommandVerifier.MAX_LIFETIME.toSeconds()));
            PrivateKey key = OperatorKeyFile.read(Path.of(options.require("key")));
            SignedCommand signed = new CommandSigner(key, request.kid(), clock, new SecureRandom())
                    .sign(cmd, request.door(), request.reason(), request.seconds(), request.personId(), ttl);
            out.println(signed.token());
            if (cmd == CommandType.OVERRIDE) {
                err.println("sign: an override needs a second operator's signature before " + signed.expiresAt()
                        + ": they run cosign, or override --cosign FILE, with this token");
            }
            return ExitStatus.OK;
        } catch (UsageException e) {
            err.println("sign: " + e.getMessage());
            return ExitStatus.USAGE;
        }
    }
}
