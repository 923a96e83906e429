package org.accessctl.words;

import java.util.Optional;

/** Who an id stands for, where the door knows it: the person records and visits it holds. */
public interface Names {

    Names NONE = new Names() {
        @Override
        public Optional<String> person(String personId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> visitor(String visitId) {
            return Optional.empty();
        }
    };

    /** The person's {@code name}, if the record has one. */
    Optional<String> person(String personId);

    /** The visit's {@code visitorName}. */
    Optional<String> visitor(String visitId);

    /** "Operator One (P-001)", or the bare id when the name is unknown. */
    default String ofPerson(String personId) {
        return person(personId).map(n -> n + " (" + personId + ")").orElse(personId);
    }

    /** "Budi (visitor, V-1)", or "visitor of V-1". */
    default String ofVisitor(String visitId) {
        return visitor(visitId).map(n -> n + " (visitor, " + visitId + ")").orElse("visitor of " + visitId);
    }
}
