package org.accessctl.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, as numbered steps. {@code PRAGMA user_version} records how many have run; each
 * step runs in its own transaction together with the version bump, so a crash mid-migration
 * leaves the file at the previous version. Steps are only ever appended, never edited.
 */
final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private static final List<String[]> STEPS = List.<String[]>of(
            // 1: persons, the event log and the outbox's delivery mark.
            new String[] {
                """
                CREATE TABLE persons (
                  person_id  TEXT PRIMARY KEY,
                  badge_uid  TEXT,
                  name       TEXT NOT NULL,
                  roles      TEXT NOT NULL,
                  active     INTEGER NOT NULL,
                  doors      TEXT NOT NULL,
                  public_key TEXT,
                  updated_at TEXT NOT NULL
                )""",
                "CREATE UNIQUE INDEX persons_by_badge ON persons(badge_uid) WHERE badge_uid IS NOT NULL",
                """
                CREATE TABLE events (
                  seq   INTEGER PRIMARY KEY,
                  at    TEXT NOT NULL,
                  type  TEXT NOT NULL,
                  json  TEXT NOT NULL,
                  chain TEXT NOT NULL
                )""",
                """
                CREATE TABLE outbox (
                  id            INTEGER PRIMARY KEY CHECK (id = 1),
                  delivered_seq INTEGER NOT NULL
                )""",
                "INSERT INTO outbox (id, delivered_seq) VALUES (1, 0)",
            },
            // 2: visits (a reused visitor badge has many; decisions read the latest few by
            // index) and the door's memory: who is inside, active alarms, lockdown.
            new String[] {
                """
                CREATE TABLE visits (
                  visit_id     TEXT PRIMARY KEY,
                  badge_uid    TEXT NOT NULL,
                  status       TEXT NOT NULL,
                  valid_from   INTEGER NOT NULL,
                  valid_until  INTEGER NOT NULL,
                  record       TEXT NOT NULL,
                  completed_at INTEGER,
                  updated_at   TEXT NOT NULL
                )""",
                "CREATE INDEX visits_by_badge ON visits(badge_uid, valid_until DESC)",
                """
                CREATE TABLE door_memory (
                  id   INTEGER PRIMARY KEY CHECK (id = 1),
                  json TEXT NOT NULL
                )""",
            },
            // 3: remote commands: the ids (jti) of accepted command tokens, so none is accepted twice.
            new String[] {
                """
                CREATE TABLE seen_commands (
                  jti        TEXT PRIMARY KEY,
                  expires_at TEXT NOT NULL
                )""",
                "CREATE INDEX seen_commands_by_expiry ON seen_commands(expires_at)",
            },
            // 4: reconciliation: the sync in which the broker last showed each record.
            new String[] {
                "ALTER TABLE persons ADD COLUMN sync_mark TEXT",
                "ALTER TABLE visits ADD COLUMN sync_mark TEXT",
            },
            // 5: signed records: the newest accepted iat of each person and visit, kept after a
            // deletion so that an older record published again is refused (a replay).
            new String[] {
                """
                CREATE TABLE record_versions (
                  kind      TEXT NOT NULL,
                  record_id TEXT NOT NULL,
                  iat       INTEGER NOT NULL,
                  digest    TEXT,
                  signed    INTEGER NOT NULL,
                  PRIMARY KEY (kind, record_id)
                ) WITHOUT ROWID""",
            },
            // 6: schedules, and the one a person's entries are limited to.
            new String[] {
                "ALTER TABLE persons ADD COLUMN schedule TEXT",
                """
                CREATE TABLE schedules (
                  schedule_id TEXT PRIMARY KEY,
                  record      TEXT NOT NULL,
                  updated_at  TEXT NOT NULL,
                  sync_mark   TEXT
                )""",
            });

    private Migrations() {
    }

    static int latest() {
        return STEPS.size();
    }

    static void apply(Connection c) throws SQLException {
        applyUpTo(c, STEPS.size());
    }

    /** Brings the schema up to {@code target} steps; tests make files of older versions with it. */
    static void applyUpTo(Connection c, int target) throws SQLException {
        int version = userVersion(c);
        if (version > STEPS.size()) {
            throw new SQLException("the database has schema version " + version
                    + " but this program knows only up to " + STEPS.size() + "; it was written by a newer version");
        }
        for (int v = version; v < target; v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : STEPS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
                log.info("database schema migrated to version {}", v + 1);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
