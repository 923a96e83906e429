package org.accessctl.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What the broker's TLS tests do not reach: keys made by the JDK, and files that are wrong in rarer ways. */
class PemFilesTest {

    private static final String ED25519 = pem("PRIVATE KEY", ed25519().getEncoded());

    @Test
    void aPkcs8KeyReadsBackAsTheSameKey() throws Exception {
        PrivateKey key = ed25519();

        assertEquals(key, PemFiles.privateKey("some words above\n" + pem("PRIVATE KEY", key.getEncoded()), "door.key"));
    }

    @Test
    void twoKeysAreOneTooMany() {
        assertEquals("holds 2 private keys; expected one", refusal(ED25519 + ED25519));
    }

    @Test
    void aBlockWithoutItsEndLineIsNamed() {
        assertEquals("not a PEM private key: -----END PRIVATE KEY----- not found",
                refusal(ED25519.replace("-----END PRIVATE KEY-----\n", "")));
    }

    @Test
    void aBodyThatIsNoKeyIsRefusedWithoutQuotingIt() {
        assertEquals("the EC PRIVATE KEY block is not a valid key", refusal(pem("EC PRIVATE KEY", new byte[] {1, 2, 3})));
    }

    @Test
    void anEncryptedKeyIsRefusedByItsLabel() {
        assertEquals("the key is encrypted", refusal(pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0})).substring(0, 20));
    }

    @Test
    void certificatesAreLookedForAmongTheBlocks() {
        assertEquals("no certificate in it, only PRIVATE KEY",
                assertThrows(PemFiles.UnusablePemException.class, () -> PemFiles.certificates(ED25519)).getMessage());
        assertEquals("certificate 1 in the file is not a valid X.509 certificate",
                assertThrows(PemFiles.UnusablePemException.class,
                        () -> PemFiles.certificates(pem("CERTIFICATE", new byte[] {0x30, 0}))).getMessage());
    }

    private static String refusal(String pem) {
        return assertThrows(PemFiles.UnusablePemException.class, () -> PemFiles.privateKey(pem, "door.key")).getMessage();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static PrivateKey ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
