package org.accessctl.records;

/**
 * Why a door with directory keys refused a person or visit: the first word of the
 * {@code record_rejected} event's {@code reason}, followed by the detail. The names are stable,
 * so monitoring can match on them.
 */
public enum RecordRejection {
    /** Plain JSON reached a door that accepts only signed records. */
    UNSIGNED("unsigned"),
    /** A person signed by a key that is not in {@code records.directoryKeys}. */
    UNKNOWN_KEY("unknown_key"),
    /** A visit whose {@code kid} names nobody in the door's copy of the personnel. */
    UNKNOWN_APPROVER("unknown_approver"),
    /** A visit signed by a person who is not active. */
    APPROVER_INACTIVE("approver_inactive"),
    /** A visit signed by a person without the {@code approver} role. */
    NOT_AN_APPROVER("not_an_approver"),
    /** A visit signed by an approver whose record has no usable {@code publicKey}. */
    NO_PUBLIC_KEY("no_public_key"),
    /** The signature is not the named key's over this record. */
    BAD_SIGNATURE("bad_signature"),
    /** A visit signed by someone other than its {@code approvedBy}. */
    NOT_SIGNED_BY_APPROVER("not_signed_by_approver"),
    /** The signed payload has no integer {@code iat}. */
    BAD_IAT("bad_iat"),
    /** Older than the copy the door holds (or held before a deletion): a replay. */
    STALE("stale");

    private final String wireName;

    RecordRejection(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
