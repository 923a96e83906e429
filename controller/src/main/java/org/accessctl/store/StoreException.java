package org.accessctl.store;

/** The local database failed. The door loop treats this as a fault: it locks the strike. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
