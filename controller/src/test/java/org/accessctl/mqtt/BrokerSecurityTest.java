package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.accessctl.testing.TestCertificates;
import org.accessctl.testing.TestCertificates.Identity;
import org.accessctl.testing.TestCertificates.KeyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading the password and TLS files as technicians make them, and refusing the rest clearly. */
class BrokerSecurityTest {

    private static final String PASSPHRASE = "Key-Passphrase-99";

    @TempDir
    static Path certificateDirectory;
    static TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(certificateDirectory);
    }

    // --- client keys ---

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void pkcs8KeysOfEveryKindLoad(KeyType type) throws Exception {
        Identity client = certs.issueClient("door-" + type.name().toLowerCase(), type);
        assertTrue(Files.readString(client.key()).startsWith("-----BEGIN PRIVATE KEY-----"));

        assertTrue(BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), client.certificate(), client.key()))
                instanceof TlsSocketFactory);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA", "EC"})
    void pkcs1AndSec1KeysLoad(KeyType type) throws Exception {
        Identity client = certs.issueClient("door-old-" + type.name().toLowerCase(), type);
        Path traditional = certs.traditionalKey(client.key());
        assertTrue(Files.readString(traditional).startsWith("-----BEGIN " + type.name() + " PRIVATE KEY-----"));

        BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), client.certificate(), traditional));
    }

    @Test
    void aKeyAfterEcParametersAndBesideItsCertificateLoads() throws Exception {
        Path combined = dir.resolve("door.pem");
        Files.writeString(combined, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Files.readString(certs.client().certificate()) + Files.readString(certs.client().key()));

        BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), combined, combined));
    }

    @Test
    void anEncryptedPkcs8KeyIsRefusedWithTheCommandToDecryptIt() throws IOException {
        Path encrypted = certs.encryptedKey(certs.client().key(), PASSPHRASE);

        String message = refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), encrypted));

        assertTrue(message.startsWith("mqtt.tls.keyFile " + encrypted + ": the key is encrypted with a passphrase"), message);
        assertTrue(message.contains("openssl pkey -in " + encrypted + " -out "), message);
        assertFalse(message.contains(PASSPHRASE), message);
        assertNoBodyOf(encrypted, message);
    }

    @Test
    void anEncryptedTraditionalKeyIsRefusedToo() throws IOException {
        Identity rsa = certs.issueClient("door-rsa-encrypted", KeyType.RSA);
        Path encrypted = certs.encryptedTraditionalKey(rsa.key(), PASSPHRASE);
        assertTrue(Files.readString(encrypted).contains("Proc-Type: 4,ENCRYPTED"));

        String message = refusal(new TlsFiles(certs.caFile(), rsa.certificate(), encrypted));

        assertTrue(message.startsWith("mqtt.tls.keyFile " + encrypted + ": the key is encrypted"), message);
        assertNoBodyOf(encrypted, message);
    }

    @Test
    void aKeyOfAnUnsupportedAlgorithmSaysWhichAreSupported() throws Exception {
        byte[] pkcs8 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPrivate().getEncoded();
        Path key = Files.writeString(dir.resolve("ed448.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");

        assertEquals("mqtt.tls.keyFile " + key + ": a key of a kind the controller does not support (algorithm 1.3.101.113); "
                + "use an RSA, EC (P-256, P-384 or P-521) or Ed25519 key",
                refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), key)));
    }

    @Test
    void aCertificateGivenAsTheKeyIsNamed() {
        Path cert = certs.client().certificate();

        assertEquals("mqtt.tls.keyFile " + cert + ": not a PEM private key (it holds CERTIFICATE)",
                refusal(new TlsFiles(certs.caFile(), cert, cert)));
    }

    @Test
    void textThatIsNoPemIsNotAKey() throws IOException {
        Path key = Files.writeString(dir.resolve("door.key"), "hello\n");

        assertEquals("mqtt.tls.keyFile " + key + ": not a PEM private key",
                refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), key)));
    }

    @Test
    void aBinaryDerKeyGetsTheCommandToConvertIt() throws IOException {
        Path key = Files.write(dir.resolve("door.der"), pemBody(certs.client().key()));

        String message = refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), key));

        assertEquals("mqtt.tls.keyFile " + key + ": not a PEM private key; it looks like binary DER, convert it with: "
                + "openssl pkey -inform DER -in " + key + " -out " + key + ".pem", message);
    }

    @Test
    void aDamagedKeyIsRefusedWithoutQuotingIt() throws IOException {
        String pem = Files.readString(certs.client().key());
        Path key = Files.writeString(dir.resolve("door.key"), pem.replaceFirst("\n(.)", "\n*$1"));

        String message = refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), key));

        assertEquals("mqtt.tls.keyFile " + key + ": not a PEM private key: malformed PEM data: unable to decode base64 "
                + "string: invalid characters encountered in base64 data", message);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        Identity other = certs.issueClient("someone-else", KeyType.EC);

        String message = refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), other.key()));

        assertEquals("mqtt.tls.keyFile " + other.key() + ": not the private key of the certificate in mqtt.tls.certFile "
                + certs.client().certificate() + " (CN=" + TestCertificates.CLIENT_NAME
                + "); the first certificate in that file must be the door's own", message);
    }

    @Test
    void aKeyOfAnotherAlgorithmThanTheCertificateIsRefused() {
        Identity rsa = certs.issueClient("door-rsa", KeyType.RSA);

        String message = refusal(new TlsFiles(certs.caFile(), certs.client().certificate(), rsa.key()));

        assertTrue(message.startsWith("mqtt.tls.keyFile " + rsa.key() + ": not the private key of the certificate"), message);
    }

    // --- certificates ---

    @Test
    void aCaFileWithoutCertificatesIsRefused() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "# the CA goes here\n");

        assertEquals("mqtt.tls.caFile " + ca + ": not a PEM certificate (no BEGIN CERTIFICATE block)",
                refusal(new TlsFiles(ca, null, null)));
    }

    @Test
    void aKeyGivenAsTheCertificateIsNamed() {
        Path key = certs.client().key();

        assertEquals("mqtt.tls.certFile " + key + ": no certificate in it, only PRIVATE KEY",
                refusal(new TlsFiles(certs.caFile(), key, key)));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.pem");

        assertEquals("mqtt.tls.caFile " + missing + ": cannot be read (NoSuchFileException)",
                refusal(new TlsFiles(missing, null, null)));
    }

    @Test
    void theJvmsTrustStoreIsUsedWithoutACaFile() throws Exception {
        assertTrue(BrokerSecurity.socketFactory(TlsFiles.defaults()) instanceof TlsSocketFactory);
    }

    // --- sockets ---

    @Test
    void socketsSpeakTls12And13OnlyCheckTheHostNameAndDoNotDelay() throws Exception {
        var factory = BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), null, null));

        try (SSLSocket socket = (SSLSocket) factory.createSocket()) {
            assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(socket.getEnabledProtocols()));
            assertEquals("HTTPS", socket.getSSLParameters().getEndpointIdentificationAlgorithm());
            assertTrue(socket.getTcpNoDelay());
        }
    }

    // --- password ---

    @Test
    void thePasswordIsTheFirstLine() throws Exception {
        assertArrayEquals("s3cret pass".toCharArray(), password("s3cret pass\nsecond line\n"));
        assertArrayEquals("s3cret".toCharArray(), password("s3cret\r\n"));
        assertArrayEquals("s3cret".toCharArray(), password("s3cret"));
        assertArrayEquals("pässwörd".toCharArray(), password("\uFEFFpässwörd\n"));
    }

    @Test
    void anEmptyFirstLineIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("password"), "\nhunter2\n");

        BrokerCredentialException e = assertThrows(BrokerCredentialException.class, () -> BrokerSecurity.readPassword(file));

        assertEquals("mqtt.passwordFile " + file + ": the first line, which should hold the password, is empty", e.getMessage());
    }

    @Test
    void aPasswordFileThatIsNotUtf8IsRefusedWithoutQuotingIt() throws IOException {
        Path file = Files.write(dir.resolve("password"), new byte[] {'h', 'u', 'n', (byte) 0xFF, 't'});

        BrokerCredentialException e = assertThrows(BrokerCredentialException.class, () -> BrokerSecurity.readPassword(file));

        assertEquals("mqtt.passwordFile " + file + ": not UTF-8 text", e.getMessage());
    }

    @Test
    void settingsNeverShowThePassword() {
        MqttSettings settings = new MqttSettings("ssl://broker:8883", "door-main-door-1", "door", "hunter2".toCharArray(),
                null, 30);

        assertFalse(settings.toString().contains("hunter2"), settings.toString());
        assertTrue(settings.toString().contains("password=********"), settings.toString());
    }

    // --- helpers ---

    private char[] password(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("password"), content, StandardCharsets.UTF_8);
        return BrokerSecurity.readPassword(file);
    }

    private static String refusal(TlsFiles files) {
        return assertThrows(BrokerCredentialException.class, () -> BrokerSecurity.socketFactory(files)).getMessage();
    }

    private static byte[] pemBody(Path pem) throws IOException {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static void assertNoBodyOf(Path pem, String message) throws IOException {
        for (String line : Files.readAllLines(pem)) {
            if (!line.startsWith("-----") && !line.contains(":") && line.length() > 16) {
                assertFalse(message.contains(line), message);
            }
        }
    }
}
