package org.accessctl.mqtt;

import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * A credential file for the broker cannot be used. The message names the configuration key, the
 * file and what is wrong ({@code mqtt.tls.keyFile /etc/door-controller/door.key: not a PEM private
 * key}), and never the file's contents: they may be a key or the password.
 */
public final class BrokerCredentialException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    BrokerCredentialException(String key, Path file, String problem) {
        super(key + " " + file + ": " + problem);
    }

    /** For failures to read the file, whose cause (the I/O error) carries only its path. */
    BrokerCredentialException(String key, Path file, String problem, Throwable ioCause) {
        super(key + " " + file + ": " + problem, ioCause);
    }
}
