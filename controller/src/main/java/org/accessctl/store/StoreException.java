package org.accessctl.store;

/** The local database failed. The door loop treats this as a fault: it locks the strike. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True if {@code e}, or what caused it, says the disk (or the database's size limit) is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.sqlite.SQLiteException s && (s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_FULL
                    || s.getResultCode().code == org.sqlite.SQLiteErrorCode.SQLITE_FULL.code)) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("SQLITE_FULL") || m.contains("No space left on device"))) {
                return true;
            }
        }
        return false;
    }
}
