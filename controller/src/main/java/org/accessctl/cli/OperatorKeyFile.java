package org.accessctl.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * An operator's Ed25519 private key on disk: PKCS#8 in PEM ({@code BEGIN PRIVATE KEY}), the
 * form {@code openssl genpkey -algorithm ed25519} writes too, so keys made either way work with
 * both. Only the owner may read it.
 */
final class OperatorKeyFile {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    /** A PEM Ed25519 key is about 120 bytes; a bigger file is not one. */
    private static final long MAX_SIZE = 16 * 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OperatorKeyFile() {
    }

    /**
     * Writes {@code key} to a new file created with mode 0600 in the same system call that
     * creates it, so there is no moment in which others could open it.
     *
     * @throws FileAlreadyExistsException rather than overwrite a key someone may still need
     */
    static void write(Path file, PrivateKey key) throws IOException {
        byte[] der = key.getEncoded();
        byte[] pem = (BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + END + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(der, (byte) 0);
        boolean created = false;
        try (SeekableByteChannel channel = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            created = true;
            ByteBuffer buffer = ByteBuffer.wrap(pem);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException | RuntimeException e) {
            if (created) {
                Files.deleteIfExists(file); // half a key is no key; leave no debris that blocks a retry
            }
            throw e;
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /**
     * Reads a private key, refusing one that others may read: a key that leaked is a key anyone
     * can open the door with, and the operator should learn that before using it.
     */
    static PrivateKey read(Path file) throws UsageException {
        byte[] bytes = null;
        try {
            refuseLoosePermissions(file);
            if (Files.size(file) > MAX_SIZE) {
                throw new UsageException("key file " + file + " is too large to be an Ed25519 private key");
            }
            bytes = Files.readAllBytes(file);
            byte[] der = pemBody(new String(bytes, StandardCharsets.US_ASCII), file);
            try {
                return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new UsageException("key file " + file + " does not hold an Ed25519 private key");
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("key file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read key file " + file + ": " + e.getMessage());
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /** The person record's {@code publicKey} value: base64 of the SubjectPublicKeyInfo DER. */
    static String publicKeyValue(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private static void refuseLoosePermissions(Path file) throws IOException, UsageException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // no POSIX permissions to check on this file system
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        for (PosixFilePermission p : permissions) {
            if (!p.name().startsWith("OWNER_")) {
                throw new UsageException("key file " + file + " may be read by others ("
                        + PosixFilePermissions.toString(permissions) + "); chmod 600 it");
            }
        }
    }

    private static byte[] pemBody(String text, Path file) throws UsageException {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (text.contains("ENCRYPTED PRIVATE KEY")) {
            throw new UsageException("key file " + file + " is encrypted; give an unencrypted PKCS#8 key");
        }
        if (begin < 0 || end < begin) {
            throw new UsageException("key file " + file + " is not a PEM private key (" + BEGIN + ")");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end).strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("key file " + file + " is not a PEM private key: its body is not base64");
        }
    }
}
