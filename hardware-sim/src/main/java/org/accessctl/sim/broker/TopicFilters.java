package org.accessctl.sim.broker;

/** Topic names, topic filters and how a filter matches a name, as MQTT 3.1.1 section 4.7 defines them. */
final class TopicFilters {

    /** A name a PUBLISH (or a will) may use: not empty and without wildcards. */
    static boolean isValidName(String topic) {
        return !topic.isEmpty() && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }

    /** A filter a SUBSCRIBE may use: not empty, '+' alone in its level, '#' alone in the last level. */
    static boolean isValidFilter(String filter) {
        if (filter.isEmpty()) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.indexOf('#') >= 0 && (!level.equals("#") || i != levels.length - 1)) {
                return false;
            }
            if (level.indexOf('+') >= 0 && !level.equals("+")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a valid filter matches a topic name. Wildcards in the first level do not match names
     * starting with '$', so a subscription to '#' does not receive the broker's own topics.
     */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    private TopicFilters() {
    }
}
