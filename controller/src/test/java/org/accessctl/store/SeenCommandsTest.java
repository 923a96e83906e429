package org.accessctl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.Set;
import org.accessctl.command.CommandSigner;
import org.accessctl.command.CommandType;
import org.accessctl.command.CommandVerifier;
import org.accessctl.command.Rejection;
import org.accessctl.command.RejectionReason;
import org.accessctl.command.SignedCommand;
import org.accessctl.command.VerifiedCommand;
import org.accessctl.core.Person;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeenCommandsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atVisitMorning();

    @Test
    void remembersAcrossReopening() {
        Instant expiry = clock.instant().plusSeconds(30);
        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            assertFalse(seen.seen("c-1"));
            seen.remember("c-1", expiry);
            assertTrue(seen.seen("c-1"));
            assertFalse(seen.seen("c-2"));
        }
        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            assertTrue(seen.seen("c-1"));
            assertEquals(1, seen.count());
        }
    }

    @Test
    void aTokenAcceptedBeforeARestartIsRefusedAsReplayedAfterIt() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Person operator = new Person("P-001", "Operator One", null, Set.of("operator"), true, Set.of(),
                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        SignedCommand token = new CommandSigner(keys.getPrivate(), "P-001", clock, new SecureRandom())
                .sign(CommandType.UNLOCK, "door-1", "Vendor at the door", OptionalInt.of(5), CommandSigner.DEFAULT_TTL);

        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            PersonStore persons = new PersonStore(db);
            persons.upsert(operator, clock.instant());
            CommandVerifier verifier = new CommandVerifier("door-1", clock, persons::personById, seen);
            VerifiedCommand accepted = assertInstanceOf(VerifiedCommand.class, verifier.verify(token.token()));
            // What the door does when it commits the acceptance.
            db.inTransaction(c -> {
                SeenCommands.remember(c, accepted.jti(), accepted.expiresAt());
                return null;
            });
        }
        clock.advance(Duration.ofSeconds(5));
        try (Database db = Database.open(dir.resolve("door.db"))) {
            CommandVerifier verifier = new CommandVerifier("door-1", clock, new PersonStore(db)::personById,
                    new SeenCommands(db));
            Rejection replay = assertInstanceOf(Rejection.class, verifier.verify(token.token()));
            assertEquals(RejectionReason.REPLAYED, replay.reason());
        }
    }

    @Test
    void rememberingInsideATransactionThatFailsRemembersNothing() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            assertThrows(StoreException.class, () -> db.inTransaction(c -> {
                SeenCommands.remember(c, "c-1", clock.instant());
                throw new SQLException("the event could not be written");
            }));
            assertFalse(seen.seen("c-1"), "an acceptance that was not committed must not block the command");
        }
    }

    @Test
    void rememberingTheSameJtiTwiceFailsRatherThanPassingSilently() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            seen.remember("c-1", clock.instant());
            assertThrows(StoreException.class, () -> seen.remember("c-1", clock.instant()));
        }
    }

    @Test
    void purgeForgetsOnlyIdsExpiredLongerThanTheMargin() {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            Instant now = clock.instant();
            seen.remember("long-expired", now.minus(SeenCommands.KEPT_AFTER_EXPIRY).minusSeconds(1));
            seen.remember("just-within-margin", now.minus(SeenCommands.KEPT_AFTER_EXPIRY));
            seen.remember("expired-recently", now.minusSeconds(10));
            seen.remember("still-valid", now.plusSeconds(30));

            assertEquals(1, seen.purgeExpired(now.plusMillis(999)));
            assertFalse(seen.seen("long-expired"));
            assertTrue(seen.seen("just-within-margin"));
            assertTrue(seen.seen("expired-recently"), "a clock stepped back must still find it");
            assertTrue(seen.seen("still-valid"));

            assertEquals(2, seen.purgeExpired(now.plus(SeenCommands.KEPT_AFTER_EXPIRY).plusSeconds(1)));
            assertEquals(1, seen.count());
            assertTrue(seen.seen("still-valid"));
        }
    }

    @Test
    void timesAreStoredInAFixedWidthFormSoTheyCompareInOrder() throws Exception {
        try (Database db = Database.open(dir.resolve("door.db"))) {
            SeenCommands seen = new SeenCommands(db);
            seen.remember("c-1", Instant.parse("2026-11-23T02:00:30.750Z"));
            try (var s = db.connection().createStatement();
                 var rs = s.executeQuery("SELECT expires_at FROM seen_commands")) {
                assertTrue(rs.next());
                assertEquals("2026-11-23T02:00:30Z", rs.getString(1));
            }
        }
    }

    @Test
    void aDoorUpgradedFromTheFirstSchemaGainsTheTableAndKeepsItsEvents() throws Exception {
        Path file = dir.resolve("door.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var s = c.createStatement()) {
            // The file as the first version of the controller left it.
            Migrations.applyUpTo(c, 1);
            s.execute("INSERT INTO events (seq, at, type, json, chain) VALUES (1, 'x', 'controller_started', '{}', 'c')");
        }
        try (Database db = Database.open(file)) {
            new SeenCommands(db).remember("c-1", clock.instant());
            assertTrue(new SeenCommands(db).seen("c-1"));
            assertEquals(1, new DeliveryMark(db).after(0, 10).size());
        }
    }
}
