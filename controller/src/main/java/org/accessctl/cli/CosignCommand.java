package org.accessctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.accessctl.command.CommandRefused;
import org.accessctl.command.CommandSigner;
import org.accessctl.command.CommandToken;
import org.accessctl.command.PendingOverride;
import org.accessctl.command.SignedCommand;

/**
 * {@code cosign}: the second operator's half of a break-glass override. Reads an override the
 * first operator signed ({@code sign --cmd override}), shows what it asks for, and prints it
 * with this operator's signature added, for anyone to publish. {@code override --cosign FILE}
 * does the same and sends it.
 */
public final class CosignCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar cosign --key FILE --kid ID [--token FILE]

            Adds this operator's signature to a break-glass override another operator signed
            (sign --cmd override), and prints the override, now signed by both, on one line.
              --key FILE     this operator's Ed25519 private key (PKCS#8 PEM, readable by the owner only)
              --kid ID       this operator's personId; it must not be the first signer's
              --token FILE   the override signed once (default: read from standard input)
            What it asks for (door, seconds, reason, first signer, expiry) is shown on standard
            error before it is signed; read it. Publish the result with QoS 1, not retained, to
            the door's commands topic, or use override --cosign FILE, which sends it and waits.""";

    /** An override with two signatures is well under a kilobyte; a bigger input is not one. */
    static final int MAX_INPUT = CommandToken.MAX_LENGTH;

    private CosignCommand() {
    }

    public static int run(List<String> args, InputStream in, Clock clock, PrintStream out, PrintStream err) {
        if (Options.wantsHelp(args)) {
            out.println(HELP);
            return ExitStatus.OK;
        }
        try {
            Options options = Options.parse(args, Set.of("key", "kid", "token"));
            String kid = options.require("kid");
            PendingOverride pending = read(options.optional("token"), in);
            PrivateKey key = OperatorKeyFile.read(Path.of(options.require("key")));
            SignedCommand cosigned = cosign(pending, key, kid, clock, err, "cosign");
            out.println(cosigned.token());
            return ExitStatus.OK;
        } catch (UsageException e) {
            err.println("cosign: " + e.getMessage());
            return ExitStatus.USAGE;
        }
    }

    /** The override from {@code file}, or from standard input when there is none or it is {@code -}. */
    static PendingOverride read(java.util.Optional<String> file, InputStream in) throws UsageException {
        String text;
        try {
            byte[] bytes = file.isPresent() && !file.get().equals("-")
                    ? readFile(Path.of(file.get()))
                    : in.readNBytes(MAX_INPUT + 1);
            if (bytes.length > MAX_INPUT) {
                throw new UsageException("the override is longer than " + MAX_INPUT + " bytes: not an override");
            }
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UsageException("cannot read the override: " + e.getMessage(), e);
        }
        try {
            return PendingOverride.read(text);
        } catch (CommandRefused e) {
            throw new UsageException(e.detail());
        }
    }

    private static byte[] readFile(Path file) throws IOException, UsageException {
        if (Files.size(file) > MAX_INPUT) {
            throw new UsageException(file + " is longer than " + MAX_INPUT + " bytes: not an override");
        }
        return Files.readAllBytes(file);
    }

    /**
     * Shows the second operator what they are about to sign, refuses what the door would refuse
     * anyway (their own override, an expired one), and signs.
     */
    static SignedCommand cosign(PendingOverride pending, PrivateKey key, String kid, Clock clock, PrintStream err,
                                String tool) throws UsageException {
        err.println(tool + ": override of door " + pending.door() + " for " + pending.seconds() + " s, signed by "
                + pending.firstSigner() + ", valid until " + pending.expiresAt() + ": \"" + pending.reason() + "\"");
        if (pending.firstSigner().equals(kid)) {
            throw new UsageException(kid + " signed this override already; a second, different operator must cosign it");
        }
        if (!pending.expiresAt().isAfter(Instant.now(clock))) {
            throw new UsageException("the override expired at " + pending.expiresAt()
                    + "; the first operator must sign a new one (sign --cmd override, a longer --ttl)");
        }
        return new CommandSigner(key, kid, clock, new SecureRandom()).cosign(pending);
    }
}
