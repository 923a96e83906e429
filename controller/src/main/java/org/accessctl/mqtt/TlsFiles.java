package org.accessctl.mqtt;

import java.nio.file.Path;

/**
 * The TLS files the configuration names: the CA certificates to trust ({@code null}: the JVM's
 * default trust store) and the client certificate chain with its private key (both
 * {@code null}: no client certificate).
 */
public record TlsFiles(Path caFile, Path certFile, Path keyFile) {

    public TlsFiles {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("a client certificate needs its key and a key its certificate");
        }
    }

    /** Trust the JVM's CAs, no client certificate. */
    public static TlsFiles defaults() {
        return new TlsFiles(null, null, null);
    }

    public boolean hasClientCertificate() {
        return certFile != null;
    }
}
