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
 * {@code keygen --person ID --out DIR}: makes an operator's Ed25519 key pair, writes the private
 * half to {@code DIR/ID.key} (PKCS#8 PEM, mode 0600) and prints the public half for their person
 * record. The private key is never printed.
 */
public final class KeygenCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar keygen --person ID --out DIR

            Makes an Ed25519 key pair for operator ID. The private key is written to DIR/ID.key
            (PKCS#8 PEM, readable by its owner only; an existing file is never overwritten, and DIR
            is created, owner-only, if missing). Prints two lines: the value for the "publicKey"
            field of the operator's person record, then where the private key was written.""";

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
            Options options = Options.parse(args, Set.of("person", "out"));
            String person = options.require("person");
            if (!FILE_SAFE_ID.matcher(person).matches()) {
                throw new UsageException("--person " + person
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
            out.println(OperatorKeyFile.publicKeyValue(pair.getPublic()));
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
