package org.accessctl.mqtt;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;

/**
 * Reads the client's private key from PEM text. Accepted: PKCS#8 ({@code BEGIN PRIVATE KEY}, what
 * {@code openssl genpkey} writes) for RSA, EC and Ed25519 keys, and the two older OpenSSL forms
 * ({@code BEGIN RSA PRIVATE KEY}, PKCS#1, and {@code BEGIN EC PRIVATE KEY}, SEC1), which are
 * wrapped into PKCS#8 here: technicians meet them in old how-tos and on existing installations,
 * and converting them by hand is one more step to get wrong on a door.
 *
 * <p>Encrypted keys are refused: the daemon starts unattended at boot, with nobody to type a
 * passphrase, and a passphrase stored beside the key would protect nothing.
 *
 * <p>No message and no exception made here carries key bytes, and none chains the JDK's own
 * exceptions, whose messages are not ours to vouch for.
 */
final class PemPrivateKey {

    /** What is wrong with the key file, in words for the technician. */
    static final class UnusableKeyException extends Exception {
        UnusableKeyException(String message) {
            super(message);
        }
    }

    private static final String PKCS8 = "PRIVATE KEY";
    private static final String PKCS1_RSA = "RSA PRIVATE KEY";
    private static final String SEC1_EC = "EC PRIVATE KEY";
    private static final String PKCS8_ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    private static final List<String> KEY_LABELS = List.of(PKCS8, PKCS1_RSA, SEC1_EC, PKCS8_ENCRYPTED);

    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final String EC_OID = "1.2.840.10045.2.1";
    private static final String ED25519_OID = "1.3.101.112";
    private static final Map<String, String> ALGORITHMS = Map.of(RSA_OID, "RSA", EC_OID, "EC", ED25519_OID, "Ed25519");
    private static final String SUPPORTED = "use an RSA, EC (P-256, P-384 or P-521) or Ed25519 key";

    private PemPrivateKey() {
    }

    /**
     * The one private key in {@code pem}. Other blocks are skipped, so a file holding the
     * certificate as well, or the {@code EC PARAMETERS} that {@code openssl ecparam -genkey}
     * writes before the key, is fine.
     *
     * @param fileName how the hints name the file in the commands they suggest
     */
    static PrivateKey read(String pem, String fileName) throws UnusableKeyException {
        List<PemBlocks.Block> blocks;
        try {
            blocks = PemBlocks.parse(pem);
        } catch (PemBlocks.MalformedPemException e) {
            throw new UnusableKeyException("not a PEM private key: " + e.getMessage());
        }
        List<PemBlocks.Block> keys = blocks.stream().filter(b -> KEY_LABELS.contains(b.label())).toList();
        if (keys.isEmpty()) {
            throw new UnusableKeyException(blocks.isEmpty() ? "not a PEM private key"
                    : "not a PEM private key (it holds " + labels(blocks) + ")");
        }
        if (keys.size() > 1) {
            throw new UnusableKeyException("holds " + keys.size() + " private keys; expected one");
        }
        PemBlocks.Block key = keys.get(0);
        if (key.label().equals(PKCS8_ENCRYPTED) || key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
            throw new UnusableKeyException("the key is encrypted with a passphrase, which nobody can type in when the "
                    + "controller starts; write it out unencrypted (openssl asks for the passphrase once) with: "
                    + "openssl pkey -in " + fileName + " -out " + fileName + ".new && mv " + fileName + ".new "
                    + fileName + " && chmod 600 " + fileName);
        }
        try {
            return switch (key.label()) {
                case PKCS8 -> fromPkcs8(key.der());
                case PKCS1_RSA -> fromPkcs8(pkcs8FromPkcs1(key.der()));
                case SEC1_EC -> fromPkcs8(pkcs8FromSec1(key.der()));
                default -> throw new IllegalStateException("unhandled label " + key.label());
            };
        } catch (Der.MalformedDerException e) {
            throw new UnusableKeyException("the " + key.label() + " block is not a valid key (" + e.getMessage() + ")");
        }
    }

    private static PrivateKey fromPkcs8(byte[] der) throws Der.MalformedDerException, UnusableKeyException {
        // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { algorithm OID, parameters }, privateKey }
        List<Der.Element> info = expect(Der.parse(der), Der.SEQUENCE).children();
        if (info.size() < 3) {
            throw new Der.MalformedDerException("not a PKCS#8 key");
        }
        List<Der.Element> algorithmId = expect(info.get(1), Der.SEQUENCE).children();
        if (algorithmId.isEmpty()) {
            throw new Der.MalformedDerException("not a PKCS#8 key");
        }
        String oid = algorithmId.get(0).oid();
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new UnusableKeyException("a key of a kind the controller does not support (algorithm " + oid + "); "
                    + SUPPORTED);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new UnusableKeyException("not a valid " + algorithm + " private key"
                    + (algorithm.equals("EC") ? " (or its curve is not supported; " + SUPPORTED + ")" : ""));
        }
    }

    /** PKCS#1 {@code RSAPrivateKey} inside PKCS#8 with the rsaEncryption algorithm. */
    private static byte[] pkcs8FromPkcs1(byte[] pkcs1) throws Der.MalformedDerException {
        expect(Der.parse(pkcs1), Der.SEQUENCE);
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.oid(RSA_OID), Der.nullValue());
        return Der.encode(Der.SEQUENCE, Der.integer(0), algorithm, Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /**
     * SEC1 {@code ECPrivateKey} inside PKCS#8. PKCS#8 names the curve in the algorithm
     * identifier; SEC1 keeps it in its optional {@code [0]} field, which OpenSSL always writes.
     */
    private static byte[] pkcs8FromSec1(byte[] sec1) throws Der.MalformedDerException, UnusableKeyException {
        byte[] curve = null;
        for (Der.Element field : expect(Der.parse(sec1), Der.SEQUENCE).children()) {
            if (field.tag() == Der.CONTEXT_0) {
                List<Der.Element> parameters = field.children();
                if (parameters.size() == 1 && parameters.get(0).tag() == Der.OBJECT_IDENTIFIER) {
                    curve = parameters.get(0).encoded();
                }
            }
        }
        if (curve == null) {
            throw new UnusableKeyException("the EC PRIVATE KEY block does not name a curve; " + SUPPORTED);
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.oid(EC_OID), curve);
        return Der.encode(Der.SEQUENCE, Der.integer(0), algorithm, Der.encode(Der.OCTET_STRING, sec1));
    }

    private static Der.Element expect(Der.Element element, int tag) throws Der.MalformedDerException {
        if (element.tag() != tag) {
            throw new Der.MalformedDerException("unexpected structure");
        }
        return element;
    }

    private static String labels(List<PemBlocks.Block> blocks) {
        return String.join(", ", blocks.stream().map(PemBlocks.Block::label).distinct().toList());
    }
}
