package org.accessctl.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Names staff by their person id, from the door's copy of the personnel records. The events
 * carry only ids; a name makes a printed report readable without a lookup. The copy holds the
 * records as they are now: a person removed since the visit is shown by id alone.
 */
final class PersonNames {

    private final Connection connection;
    private final boolean hasPersons;
    /** Escorts and approvers repeat from visit to visit; each is looked up once. */
    private final Map<String, Optional<String>> known = new HashMap<>();

    /** No records to name anyone from (a file of collected events): every person is shown by id. */
    static PersonNames none() {
        return new PersonNames();
    }

    private PersonNames() {
        this.connection = null;
        this.hasPersons = false;
    }

    PersonNames(Connection connection) throws SQLException {
        this.connection = connection;
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM pragma_table_info('persons') WHERE name IN ('person_id', 'name')");
             ResultSet rs = s.executeQuery()) {
            hasPersons = rs.next() && rs.getInt(1) == 2;
        }
    }

    /** e.g. {@code P-001 Operator One}, or {@code P-001} when the records do not know the id. */
    String label(String personId) throws SQLException {
        Optional<String> name = name(personId);
        return name.isPresent() ? personId + " " + name.get() : personId;
    }

    private Optional<String> name(String personId) throws SQLException {
        Optional<String> cached = known.get(personId);
        if (cached != null) {
            return cached;
        }
        Optional<String> found = Optional.empty();
        if (hasPersons) {
            try (PreparedStatement s = connection.prepareStatement("SELECT name FROM persons WHERE person_id = ?")) {
                s.setString(1, personId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null && !rs.getString(1).isBlank()) {
                        found = Optional.of(rs.getString(1).strip());
                    }
                }
            }
        }
        known.put(personId, found);
        return found;
    }
}
