package org.accessctl.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.accessctl.cli.KeygenCommand;

/**
 * The simulator's own directory key, so that it runs with signed records from its first start,
 * as a site should: the private key in {@code DIR/keys/sim-directory.key} (for {@code person put}),
 * its public half in {@code DIR/directory.keys} (the door's {@code records.directoryKeys}). Made
 * once with the same {@code keygen} a site uses, and kept: {@code --fresh} forgets the database,
 * not the key.
 */
public final class SimDirectoryKey {

    public static final String KID = "sim-directory";

    private SimDirectoryKey() {
    }

    /** The key file for {@code records.directoryKeys} in {@code dir}, made with its private key if missing. */
    public static Path ensure(Path dir) throws IOException {
        Path keys = dir.resolve("directory.keys");
        if (Files.exists(keys)) {
            return keys;
        }
        Files.createDirectories(dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KeygenCommand.run(List.of("--kind", "directory", "--kid", KID, "--out", privateKey(dir).getParent().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IOException(err.toString(StandardCharsets.UTF_8).strip());
        }
        String line = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        return Files.writeString(keys, "# the simulator's directory key, made on its first start\n" + line + "\n");
    }

    /** Where {@link #ensure} keeps the private key. */
    public static Path privateKey(Path dir) {
        return dir.resolve("keys").resolve(KID + ".key");
    }
}
