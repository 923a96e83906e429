package org.accessctl.mqtt;

/** The door's topic names (contract section 3): {@code P/S/...} and {@code P/S/doors/D/...}. */
public record Topics(String prefix, String site, String door) {

    public String personnelFilter() {
        return personnelPrefix() + "+";
    }

    public String personnelPrefix() {
        return recordPrefix("personnel");
    }

    /** {@code P/S/LEVEL/}: where the site publishes one kind of record ({@code personnel}, {@code visits}, …). */
    public String recordPrefix(String level) {
        return prefix + "/" + site + "/" + level + "/";
    }

    public String visitsFilter() {
        return visitsPrefix() + "+";
    }

    public String visitsPrefix() {
        return recordPrefix("visits");
    }

    public String schedulesFilter() {
        return schedulesPrefix() + "+";
    }

    public String schedulesPrefix() {
        return recordPrefix("schedules");
    }

    private String doorTopic(String leaf) {
        return prefix + "/" + site + "/doors/" + door + "/" + leaf;
    }

    public String status() {
        return doorTopic("status");
    }

    public String state() {
        return doorTopic("state");
    }

    public String events() {
        return doorTopic("events");
    }

    public String commands() {
        return doorTopic("commands");
    }

    /** The door's own marker topic: the end of the broker's retained set after a subscribe. */
    public String sync() {
        return doorTopic("sync");
    }

    /**
     * Retained by the door after each sync it completed. Finding it in a later sync's retained set
     * shows the broker kept its store, so an empty or small set there is the truth (everyone was
     * deleted upstream), not a broker that forgot.
     */
    public String synced() {
        return doorTopic("synced");
    }

    public String commandResults() {
        return doorTopic("commands/results");
    }
}
