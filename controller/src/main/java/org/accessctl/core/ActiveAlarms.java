package org.accessctl.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The alarms active now. Raising an alarm that is already active, or clearing one that is not,
 * does nothing, so callers can state the condition on every input without tracking edges.
 */
final class ActiveAlarms {

    private final List<Alarm> active = new ArrayList<>();

    ActiveAlarms(List<Alarm> restored) {
        active.addAll(restored);
    }

    /** Raises the alarm; true when it was not active before. */
    boolean raise(String kind, String visitId, Instant now, List<Event> out) {
        if (isActive(kind, visitId)) {
            return false;
        }
        active.add(new Alarm(kind, visitId, now));
        out.add(new Event.AlarmRaised(now, kind, visitId));
        return true;
    }

    void clear(String kind, String visitId, Instant now, List<Event> out) {
        if (active.removeIf(a -> a.sameAs(kind, visitId))) {
            out.add(new Event.AlarmCleared(now, kind, visitId));
        }
    }

    boolean isActive(String kind, String visitId) {
        return active.stream().anyMatch(a -> a.sameAs(kind, visitId));
    }

    /** Clears every alarm about this visit (the visitor left). */
    void clearVisit(String visitId, Instant now, List<Event> out) {
        for (Alarm a : List.copyOf(active)) {
            if (visitId.equals(a.visitId())) {
                clear(a.kind(), visitId, now, out);
            }
        }
    }

    boolean any() {
        return !active.isEmpty();
    }

    List<Alarm> list() {
        return List.copyOf(active);
    }
}
