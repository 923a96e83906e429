package org.accessctl.records;

/** The kinds of retained record that decide who may enter, and when. */
public enum RecordKind {
    PERSON("person", "personnel"), VISIT("visit", "visits"), SCHEDULE("schedule", "schedules");

    private final String code;
    private final String topicLevel;

    RecordKind(String code, String topicLevel) {
        this.code = code;
        this.topicLevel = topicLevel;
    }

    /** How the kind is stored in the database. */
    public String code() {
        return code;
    }

    /** The topic level under {@code P/S/} where the site publishes this kind. */
    public String topicLevel() {
        return topicLevel;
    }
}
