package org.accessctl.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Offers the door's one client certificate whenever the broker asks for one with a key type it
 * fits. Unlike the JDK's key managers it does not also require the certificate's issuer to be in
 * the broker's list of acceptable CAs: when the two disagree (an intermediate CA, a broker that
 * lists none), the JDK quietly sends no certificate and the broker reports only "no certificate",
 * whereas sending it lets the broker say what it dislikes about it.
 */
public final class ClientIdentityKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "door";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    public ClientIdentityKeyManager(X509Certificate[] chain, PrivateKey key) {
        this.chain = chain.clone();
        this.key = key;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return fits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return choose(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return choose(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null; // the controller is never a TLS server
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }

    private String choose(String[] keyTypes) {
        if (keyTypes != null) {
            for (String keyType : keyTypes) {
                if (fits(keyType)) {
                    return ALIAS;
                }
            }
        }
        return null;
    }

    /** JSSE names key types by key algorithm ({@code RSA}, {@code EC}, {@code EdDSA}), sometimes with a suffix. */
    private boolean fits(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType != null && (keyType.equals(algorithm) || keyType.startsWith(algorithm + "_"));
    }

    @Override
    public String toString() {
        return "ClientIdentityKeyManager[" + chain[0].getSubjectX500Principal().getName() + "]";
    }
}
