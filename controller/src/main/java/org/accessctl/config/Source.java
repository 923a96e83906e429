package org.accessctl.config;

/** Where a setting's effective value came from; shown by the printout so overrides are visible. */
public enum Source {
    DEFAULT("default"),
    FILE("file"),
    SYSTEM_PROPERTY("-D");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
