package org.accessctl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code keygen --person ID --out DIR}: makes an operator's (or approver's) Ed25519 key pair,
 * writes the private half to {@code DIR/ID.key} (PKCS#8 PEM, mode 0600) and prints the public half
 * for their person record. {@code keygen --kind directory --kid KID --out DIR} makes a directory
 * key the same way and prints its line for the doors' {@code records.directoryKeys} file. The
 * private key is never printed.
 */
public final class KeygenCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar keygen --person ID --out DIR [--kind operator|approver]
                   java -jar door-controller.jar keygen --kind directory --kid KID --out DIR

            Makes an Ed25519 key pair. The private key is written to DIR/ID.key (or DIR/KID.key)
            (PKCS#8 PEM, readable by its owner only; an existing file is never overwritten, and DIR
            is created, owner-only, if missing). Prints two lines: first the public half, then where
            the private key was written.
            operator (the default) and approver: the person ID's own key; the first line is the value
            for the "publicKey" field of their person record (operators sign commands, approvers
            sign the visits they approve).
            directory: the key that signs person records (person put); the first line, "KID KEY", goes
            into the doors' records.directoryKeys file.""";

    /**
     * Person ids may hold any printable character, but this one becomes a file name: no
     * separators, no leading dot, nothing a shell or file system treats specially.
     */
    private static final Pattern FILE_SAFE_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private KeygenCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (Options.wantsHelp(args)) {
            out.println(HELP);
            return ExitStatus.OK;
        }
        try {
            Options options = Options.parse(args, Set.of("person", "out", "kind", "kid"));
            String kind = options.optional("kind").orElse("operator");
            boolean directory = switch (kind) {
                case "directory" -> true;
                case "operator", "approver" -> false;
                default -> throw new UsageException("--kind must be operator, approver or directory, not " + kind);
            };
            String idOption = directory ? "kid" : "person";
            if (options.optional(directory ? "person" : "kid").isPresent()) {
                throw new UsageException(directory ? "a directory key is named by --kid, not --person"
                        : "an " + kind + "'s key is named by --person (their personId), not --kid");
            }
            String person = options.require(idOption);
            if (!FILE_SAFE_ID.matcher(person).matches()) {
                throw new UsageException("--" + idOption + " " + person
                        + " cannot name a key file; use letters, digits, '.', '_' and '-' (not first '.')");
            }
            Path dir = Path.of(options.require("out"));
            Path file = dir.resolve(person + ".key");
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            createDirectory(dir);
            try {
                OperatorKeyFile.write(file, pair.getPrivate());
            } catch (FileAlreadyExistsException e) {
                throw new UsageException(file + " already exists; it is not overwritten (move it away first)");
            }
            String publicKey = OperatorKeyFile.publicKeyValue(pair.getPublic());
            out.println(directory ? person + " " + publicKey : publicKey);
            out.println("private key written to " + file + " (mode 0600); keep it secret");
            return ExitStatus.OK;
        } catch (UsageException e) {
            err.println("keygen: " + e.getMessage());
            return ExitStatus.USAGE;
        } catch (IOException e) {
            err.println("keygen: cannot write the key: " + e);
            return ExitStatus.REFUSED;
        } catch (GeneralSecurityException e) {
            err.println("keygen: this Java has no Ed25519: " + e.getMessage());
            return ExitStatus.REFUSED;
        }
    }

    private static void createDirectory(Path dir) throws IOException, UsageException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (Files.exists(dir)) {
            throw new UsageException("--out " + dir + " is not a directory");
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
