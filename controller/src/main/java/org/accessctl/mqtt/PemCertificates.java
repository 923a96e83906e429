package org.accessctl.mqtt;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads X.509 certificates from PEM text, in file order. */
final class PemCertificates {

    /** What is wrong with the certificate file, in words for the technician. */
    static final class UnusableCertificateException extends Exception {
        UnusableCertificateException(String message) {
            super(message);
        }
    }

    private static final String CERTIFICATE = "CERTIFICATE";

    private PemCertificates() {
    }

    /**
     * Every {@code CERTIFICATE} block. Other blocks are skipped, so one file may hold a
     * certificate and its key; at least one certificate must be there.
     */
    static List<X509Certificate> read(String pem) throws UnusableCertificateException {
        List<PemBlocks.Block> blocks;
        try {
            blocks = PemBlocks.parse(pem);
        } catch (PemBlocks.MalformedPemException e) {
            throw new UnusableCertificateException("not a PEM certificate file: " + e.getMessage());
        }
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory x509;
        try {
            x509 = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM cannot read X.509 certificates", e);
        }
        for (PemBlocks.Block block : blocks) {
            if (!block.label().equals(CERTIFICATE)) {
                continue;
            }
            try {
                certificates.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException | ClassCastException e) {
                throw new UnusableCertificateException("certificate " + (certificates.size() + 1)
                        + " in the file is not a valid X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new UnusableCertificateException(blocks.isEmpty() ? "not a PEM certificate (no BEGIN CERTIFICATE block)"
                    : "no certificate in it, only " + String.join(", ", blocks.stream().map(PemBlocks.Block::label).distinct().toList()));
        }
        return certificates;
    }
}
