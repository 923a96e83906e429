package org.accessctl.command;

import java.util.Optional;
import org.accessctl.core.Person;

/**
 * Where the verifier looks up the person a token's {@code kid} names. The door's local copy of
 * the personnel records serves it ({@code personStore::personById}), so a key that was revoked
 * upstream stops working as soon as the record update arrives.
 */
@FunctionalInterface
public interface Operators {

    Optional<Person> byId(String personId);
}
