package org.accessctl.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Who is in the room, in the order they came in. */
final class Occupancy {

    private final Map<String, Occupant> inside = new LinkedHashMap<>();

    Occupancy(List<Occupant> restored) {
        for (Occupant o : restored) {
            inside.put(o.key(), o);
        }
    }

    boolean personInside(String personId) {
        return inside.containsKey("person:" + personId);
    }

    Optional<Occupant> visitor(String visitId) {
        return Optional.ofNullable(inside.get("visit:" + visitId));
    }

    /** A person came in; a second entry only confirms them (they may have left by the button). */
    void personEntered(String personId, Instant at) {
        inside.merge("person:" + personId, Occupant.person(personId, at),
                (old, fresh) -> new Occupant(personId, null, List.of(), old.since(), true, List.of()));
    }

    void visitorEntered(String visitId, String escortId, Instant at) {
        inside.put("visit:" + visitId, Occupant.visitor(visitId, List.of(escortId), at));
    }

    Optional<Occupant> remove(String key) {
        return Optional.ofNullable(inside.remove(key));
    }

    void update(String key, UnaryOperator<Occupant> change) {
        inside.computeIfPresent(key, (k, o) -> change.apply(o));
    }

    /** Someone left by the anonymous exit button: anyone inside may be the one. */
    void someoneLeftUnseen() {
        inside.replaceAll((k, o) -> o.unconfirmed());
    }

    List<Occupant> visitors() {
        return inside.values().stream().filter(Occupant::isVisitor).toList();
    }

    List<Occupant> persons() {
        return inside.values().stream().filter(o -> !o.isVisitor()).toList();
    }

    /**
     * How many staff members are inside and confirmed: seen at the entry reader since anyone
     * last left by the anonymous exit button. The two-person rule counts only these.
     */
    long confirmedPersons() {
        return inside.values().stream().filter(o -> !o.isVisitor() && o.confirmed()).count();
    }

    List<Occupant> all() {
        return new ArrayList<>(inside.values());
    }
}
