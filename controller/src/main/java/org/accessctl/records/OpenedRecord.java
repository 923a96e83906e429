package org.accessctl.records;

/**
 * A record's JSON as the door may decode it, taken out of its envelope.
 *
 * @param json the record's JSON (for a signed record, the verified payload)
 * @param signed true when a directory key or the visit's approver was verified to have signed it
 * @param iat the signed {@code iat}, in seconds; meaningful only when {@code signed}
 * @param digest SHA-256 of the signed payload, hex; null when not signed. Tells the same record
 *     redelivered (every reconnect) from another one signed in the same second
 */
public record OpenedRecord(byte[] json, boolean signed, long iat, String digest) {

    static OpenedRecord plain(byte[] json) {
        return new OpenedRecord(json, false, 0, null);
    }
}
