package org.accessctl.records;

/** The two kinds of retained record that decide who may enter. */
public enum RecordKind {
    PERSON("person"), VISIT("visit");

    private final String code;

    RecordKind(String code) {
        this.code = code;
    }

    /** How the kind is stored in the database. */
    public String code() {
        return code;
    }
}
