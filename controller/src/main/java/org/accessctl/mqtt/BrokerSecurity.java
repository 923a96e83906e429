package org.accessctl.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.accessctl.tls.ClientIdentityKeyManager;
import org.accessctl.tls.PemFiles;

/**
 * Credentials and TLS for the broker connection, read from the files the configuration names.
 * Every refusal is a {@link BrokerCredentialException} naming the key and the file; none quotes
 * what is in the file.
 */
public final class BrokerSecurity {

    static final String PASSWORD_FILE = "mqtt.passwordFile";
    static final String CA_FILE = "mqtt.tls.caFile";
    static final String CERT_FILE = "mqtt.tls.certFile";
    static final String KEY_FILE = "mqtt.tls.keyFile";

    private BrokerSecurity() {
    }

    /**
     * The password file's first line, without its line ending, so that both {@code echo} and an
     * editor that adds a final newline make a working file. A leading UTF-8 byte order mark is
     * dropped too: some editors write one and nobody means it as part of a password.
     */
    public static char[] readPassword(Path file) throws BrokerCredentialException {
        byte[] bytes = readFile(PASSWORD_FILE, file);
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new BrokerCredentialException(PASSWORD_FILE, file, "not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
        int start = text.length() > 0 && text.charAt(0) == '\uFEFF' ? 1 : 0;
        int end = start;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        char[] password = new char[end - start];
        text.get(start, password);
        Arrays.fill(text.array(), '\0');
        if (password.length == 0) {
            throw new BrokerCredentialException(PASSWORD_FILE, file, "the first line, which should hold the password, is empty");
        }
        return password;
    }

    /**
     * A socket factory for {@code ssl://} broker URLs: TLS 1.3 or 1.2, trusting only the CAs in
     * {@link TlsFiles#caFile()} (or the JVM's when there is none), presenting the client
     * certificate when there is one, checking the broker's host name, with TCP_NODELAY.
     */
    public static SSLSocketFactory socketFactory(TlsFiles files) throws BrokerCredentialException {
        KeyManager[] keyManagers = files.hasClientCertificate() ? new KeyManager[] {clientIdentity(files)} : null;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust(files.caFile()).getTrustManagers(), null);
            return new TlsSocketFactory(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            if (e instanceof BrokerCredentialException refusal) {
                throw refusal;
            }
            throw new IllegalStateException("this JVM cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trust(Path caFile) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        if (caFile == null) {
            factory.init((KeyStore) null);
            return factory;
        }
        List<X509Certificate> cas = certificates(CA_FILE, caFile);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an empty key store", e);
        }
        for (int i = 0; i < cas.size(); i++) {
            anchors.setCertificateEntry("ca-" + i, cas.get(i));
        }
        factory.init(anchors);
        return factory;
    }

    private static ClientIdentityKeyManager clientIdentity(TlsFiles files) throws BrokerCredentialException {
        List<X509Certificate> chain = certificates(CERT_FILE, files.certFile());
        PrivateKey key = privateKey(files.keyFile());
        if (!belongTogether(chain.get(0), key)) {
            throw new BrokerCredentialException(KEY_FILE, files.keyFile(), "not the private key of the certificate in "
                    + CERT_FILE + " " + files.certFile() + " (" + chain.get(0).getSubjectX500Principal().getName()
                    + "); the first certificate in that file must be the door's own");
        }
        return new ClientIdentityKeyManager(chain.toArray(X509Certificate[]::new), key);
    }

    private static List<X509Certificate> certificates(String key, Path file) throws BrokerCredentialException {
        byte[] bytes = readFile(key, file);
        try {
            return PemFiles.certificates(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (PemFiles.UnusablePemException e) {
            throw new BrokerCredentialException(key, file, e.getMessage() + derHint(bytes, "x509", file));
        }
    }

    private static PrivateKey privateKey(Path file) throws BrokerCredentialException {
        byte[] bytes = readFile(KEY_FILE, file);
        try {
            return PemFiles.privateKey(new String(bytes, StandardCharsets.ISO_8859_1), file.toString());
        } catch (PemFiles.UnusablePemException e) {
            throw new BrokerCredentialException(KEY_FILE, file, e.getMessage() + derHint(bytes, "pkey", file));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Binary DER starts with a SEQUENCE tag; PEM with text. Tells the technician how to convert. */
    private static String derHint(byte[] bytes, String openSslCommand, Path file) {
        return bytes.length > 0 && bytes[0] == 0x30
                ? "; it looks like binary DER, convert it with: openssl " + openSslCommand + " -inform DER -in " + file
                        + " -out " + file + ".pem"
                : "";
    }

    /**
     * Whether the key signs what the certificate's public key verifies. Checked at start because
     * a mismatch otherwise shows up only as a refused handshake, with the broker's log to read.
     */
    private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // EdDSA
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key with an RSA certificate: not a pair
        }
    }

    private static byte[] readFile(String key, Path file) throws BrokerCredentialException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BrokerCredentialException(key, file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
