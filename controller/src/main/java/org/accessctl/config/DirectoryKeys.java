package org.accessctl.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.accessctl.command.CommandRefused;
import org.accessctl.command.OperatorKey;

/**
 * The directory keys a door trusts to sign person records ({@code records.directoryKeys}): one
 * key a line, {@code KID BASE64-SPKI-DER}, {@code #} starts a comment. Several keys may be listed
 * at once, so a site rotates a key by adding the new one, re-signing, and removing the old one.
 */
public final class DirectoryKeys {

    /** A kid names a key in a file and in a JWS header: the same printable characters a person id has. */
    private static final Pattern KID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    /** A key file of a site holds a handful of keys; anything much bigger is not one. */
    private static final long MAX_SIZE = 1024 * 1024;

    private final Map<String, OperatorKey> keys;

    private DirectoryKeys(Map<String, OperatorKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    /**
     * Reads a key file.
     *
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it, or
     *     when the file holds no key (a door that trusts no key would refuse every person)
     */
    public static DirectoryKeys load(Path file) {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new IllegalArgumentException("records.directoryKeys " + file + " is too large to be a key file");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("records.directoryKeys " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    static DirectoryKeys parse(List<String> lines, String source) {
        Map<String, OperatorKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (content.isEmpty()) {
                continue;
            }
            String where = "records.directoryKeys " + source + " line " + (i + 1);
            String[] parts = content.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + ": expected \"KID BASE64-PUBLIC-KEY\", found "
                        + parts.length + " words");
            }
            if (!KID.matcher(parts[0]).matches()) {
                throw new IllegalArgumentException(where + ": the kid is not 1 to 128 printable characters");
            }
            try {
                if (keys.put(parts[0], OperatorKey.fromBase64(parts[1])) != null) {
                    throw new IllegalArgumentException(where + ": kid " + parts[0] + " is listed twice");
                }
            } catch (CommandRefused e) {
                throw new IllegalArgumentException(where + ": not base64 of an Ed25519 public key (SubjectPublicKeyInfo DER)");
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("records.directoryKeys " + source
                    + " holds no key; a door that trusts no directory key would refuse every person");
        }
        return new DirectoryKeys(keys);
    }

    public Optional<OperatorKey> key(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    /** The kids, in file order, for the log at start. */
    public List<String> kids() {
        return List.copyOf(keys.keySet());
    }
}
