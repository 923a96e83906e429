package org.accessctl.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Certificates and a private key from PEM text: the blocks read by Bouncy Castle's PEM reader
 * (text outside them ignored), the certificates by the JDK's certificate factory, the keys by
 * the JDK's key factories. Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}, what
 * {@code openssl genpkey} writes) for RSA, EC and Ed25519, or one of the two older OpenSSL forms
 * ({@code BEGIN RSA PRIVATE KEY}, PKCS#1, and {@code BEGIN EC PRIVATE KEY}, SEC1), which are
 * wrapped into PKCS#8 here: technicians meet them in old how-tos and on existing installations,
 * and converting them by hand is one more step to get wrong on a door.
 *
 * <p>Encrypted keys are refused: the daemon starts unattended at boot, with nobody to type a
 * passphrase, and a passphrase stored beside the key would protect nothing.
 *
 * <p>No message carries what the file holds, and none chains the JDK's exceptions, whose
 * messages are not ours to vouch for.
 */
public final class PemFiles {

    /** What is wrong with the file, in words for the technician. */
    public static final class UnusablePemException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusablePemException(String message) {
            super(message);
        }
    }

    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String PKCS8 = "PRIVATE KEY";
    private static final String PKCS1_RSA = "RSA PRIVATE KEY";
    private static final String SEC1_EC = "EC PRIVATE KEY";
    private static final String PKCS8_ENCRYPTED = "ENCRYPTED PRIVATE KEY";
    private static final List<String> KEY_LABELS = List.of(PKCS8, PKCS1_RSA, SEC1_EC, PKCS8_ENCRYPTED);

    private static final Map<String, String> ALGORITHMS = Map.of(PKCSObjectIdentifiers.rsaEncryption.getId(), "RSA",
            X9ObjectIdentifiers.id_ecPublicKey.getId(), "EC", "1.3.101.112", "Ed25519");
    private static final String SUPPORTED = "use an RSA, EC (P-256, P-384 or P-521) or Ed25519 key";

    private PemFiles() {
    }

    /**
     * Every {@code CERTIFICATE} block, in file order. Other blocks are skipped, so one file may
     * hold a certificate and its key; at least one certificate must be there.
     */
    public static List<X509Certificate> certificates(String pem) throws UnusablePemException {
        List<PemObject> blocks = blocks(pem, "not a PEM certificate file: ");
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemObject block : blocks) {
            if (!block.getType().equals(CERTIFICATE)) {
                continue;
            }
            try {
                certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(block.getContent())));
            } catch (CertificateException | ClassCastException e) {
                throw new UnusablePemException("certificate " + (certificates.size() + 1)
                        + " in the file is not a valid X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new UnusablePemException(blocks.isEmpty() ? "not a PEM certificate (no BEGIN CERTIFICATE block)"
                    : "no certificate in it, only " + labels(blocks));
        }
        return certificates;
    }

    /**
     * The one private key in {@code pem}. Other blocks are skipped, so a file holding the
     * certificate as well, or the {@code EC PARAMETERS} that {@code openssl ecparam -genkey}
     * writes before the key, is fine.
     *
     * @param fileName how the hints name the file in the commands they suggest
     */
    public static PrivateKey privateKey(String pem, String fileName) throws UnusablePemException {
        List<PemObject> blocks = blocks(pem, "not a PEM private key: ");
        List<PemObject> keys = blocks.stream().filter(b -> KEY_LABELS.contains(b.getType())).toList();
        if (keys.isEmpty()) {
            throw new UnusablePemException(blocks.isEmpty() ? "not a PEM private key"
                    : "not a PEM private key (it holds " + labels(blocks) + ")");
        }
        if (keys.size() > 1) {
            throw new UnusablePemException("holds " + keys.size() + " private keys; expected one");
        }
        PemObject key = keys.get(0);
        if (key.getType().equals(PKCS8_ENCRYPTED) || encryptedTraditionally(key)) {
            throw new UnusablePemException("the key is encrypted with a passphrase, which nobody can type in when the "
                    + "controller starts; write it out unencrypted (openssl asks for the passphrase once) with: "
                    + "openssl pkey -in " + fileName + " -out " + fileName + ".new && mv " + fileName + ".new "
                    + fileName + " && chmod 600 " + fileName);
        }
        PrivateKeyInfo info;
        byte[] pkcs8;
        try {
            info = switch (key.getType()) {
                case PKCS1_RSA -> new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                        DERNull.INSTANCE), RSAPrivateKey.getInstance(key.getContent()));
                case SEC1_EC -> pkcs8FromSec1(ECPrivateKey.getInstance(key.getContent()));
                default -> PrivateKeyInfo.getInstance(key.getContent());
            };
            pkcs8 = info.getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new UnusablePemException("the " + key.getType() + " block is not a valid key");
        }
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new UnusablePemException("a key of a kind the controller does not support (algorithm " + oid + "); "
                    + SUPPORTED);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new UnusablePemException("not a valid " + algorithm + " private key"
                    + (algorithm.equals("EC") ? " (or its curve is not supported; " + SUPPORTED + ")" : ""));
        }
    }

    /** PKCS#8 names the curve in the algorithm; SEC1 in its optional {@code [0]}, which OpenSSL always writes. */
    private static PrivateKeyInfo pkcs8FromSec1(ECPrivateKey sec1) throws IOException, UnusablePemException {
        if (!(sec1.getParametersObject() instanceof ASN1ObjectIdentifier curve)) {
            throw new UnusablePemException("the EC PRIVATE KEY block does not name a curve; " + SUPPORTED);
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve), sec1);
    }

    /** OpenSSL's older encryption: {@code Proc-Type: 4,ENCRYPTED} among the block's headers. */
    private static boolean encryptedTraditionally(PemObject key) {
        for (Object header : key.getHeaders()) {
            if (((PemHeader) header).getName().equals("Proc-Type") && ((PemHeader) header).getValue().contains("ENCRYPTED")) {
                return true;
            }
        }
        return false;
    }

    private static List<PemObject> blocks(String pem, String refusal) throws UnusablePemException {
        List<PemObject> blocks = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            for (PemObject block; (block = reader.readPemObject()) != null; ) {
                blocks.add(block);
            }
        } catch (IOException e) {
            // Bouncy Castle's words name the damage (no END line, a body that is not base64),
            // never the body itself.
            throw new UnusablePemException(refusal + e.getMessage());
        } catch (RuntimeException e) {
            throw new UnusablePemException(refusal + "a block is damaged");
        }
        return blocks;
    }

    private static String labels(List<PemObject> blocks) {
        return String.join(", ", blocks.stream().map(PemObject::getType).distinct().toList());
    }
}
