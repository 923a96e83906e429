package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Credentials and TLS for the broker connection, read from the files the configuration names. */
public final class BrokerSecurity {

    private BrokerSecurity() {
    }

    /** The password file's first line (a trailing newline is not part of the password). */
    public static char[] readPassword(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end >= 0 ? text.substring(0, end) : text;
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
    }

    /** A TLS socket factory that trusts the CA in {@code caFile}, or the JVM's CAs when null. */
    public static SocketFactory tls(Path caFile) throws IOException, GeneralSecurityException {
        SSLContext ssl = SSLContext.getInstance("TLSv1.2");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
                int i = 0;
                for (Certificate c : certs) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new GeneralSecurityException("no certificate in " + caFile);
                }
            }
            tmf.init(trust);
        }
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl.getSocketFactory();
    }
}
