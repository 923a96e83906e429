package org.accessctl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.accessctl.command.Openssl;
import org.accessctl.command.RecordSigner;
import org.accessctl.core.Event;
import org.accessctl.core.Person;
import org.accessctl.core.Visit;
import org.accessctl.mqtt.Topics;
import org.accessctl.config.DirectoryKeys;
import org.accessctl.records.RecordSignatures;
import org.accessctl.store.Database;
import org.accessctl.store.PersonStore;
import org.accessctl.store.RecordVersions;
import org.accessctl.store.SyncMarks;
import org.accessctl.store.ScheduleStore;
import org.accessctl.store.VisitStore;
import org.accessctl.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed records (contract section 7) as the door's intake applies them, on a real SQLite file:
 * what the directory signed and what an approver approved is stored; everything else is refused
 * with {@code record_rejected} naming why, and changes nothing.
 */
class SignedRecordsTest {

    private static final Topics TOPICS = new Topics("accessctl", "main", "door-1");
    private static final String PERSONNEL = TOPICS.personnelPrefix();
    private static final String VISITS = TOPICS.visitsPrefix();
    private static final long IAT = 1_795_000_000L;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atVisitMorning();
    private final KeyPair directory = newKeyPair();
    private final KeyPair approver = newKeyPair();
    private final KeyPair stranger = newKeyPair();
    private Database db;
    private PersonStore persons;
    private VisitStore visits;
    private ScheduleStore schedules;
    private RecordIntake intake;

    @BeforeEach
    void open() {
        open(keyLine("dir-1", directory));
    }

    private void open(String keyFile) {
        db = Database.open(dir.resolve("door.db"));
        persons = new PersonStore(db);
        visits = new VisitStore(db);
        schedules = new ScheduleStore(db);
        SyncMarks marks = new SyncMarks(db);
        Reconciliation reconciliation = new Reconciliation(marks, marks, new ListedRecords(TOPICS), TOPICS, new Reconciliation.Link() {
            @Override
            public void confirm(String mark, Supplier<List<String>> unseen) {
            }

            @Override
            public void synced(String mark) {
            }

            @Override
            public void onLinkThread(Runnable job) {
                job.run();
            }
        }, task -> { });
        RecordSignatures signatures = keyFile == null ? RecordSignatures.unsigned()
                : RecordSignatures.signed(keys(keyFile), persons::personById);
        intake = new RecordIntake(TOPICS, persons, visits, schedules, marks, reconciliation, clock, signatures, new RecordVersions(db));
    }

    private DirectoryKeys keys(String text) {
        try {
            Path file = Files.writeString(dir.resolve("directory.keys"), text);
            return DirectoryKeys.load(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** Applies one record as the door loop does: in a savepoint of a transaction. */
    private List<Event> apply(String topic, String payload) {
        Instant now = clock.instant();
        return db.inTransaction(c -> db.savepoint(s -> intake.apply(topic, payload.getBytes(StandardCharsets.UTF_8), now)));
    }

    private void accepted(String topic, String payload) {
        List<Event> events = apply(topic, payload);
        assertEquals(List.of(), events, "accepted without an event");
    }

    /** Refused with a reason starting with {@code code}, and nothing stored changed. */
    private void refused(String topic, String payload, String code) {
        Optional<Person> personBefore = persons.personById(topic.substring(topic.lastIndexOf('/') + 1));
        Optional<Visit> visitBefore = visits.byId(topic.substring(topic.lastIndexOf('/') + 1));
        List<Event> events = apply(topic, payload);
        assertEquals(1, events.size(), () -> "one record_rejected: " + events);
        assertEquals("record_rejected", events.get(0).type());
        String reason = (String) events.get(0).fields().get("reason");
        assertTrue(reason.startsWith(code + ":"), () -> "reason " + reason + " names " + code);
        assertEquals(personBefore, persons.personById(topic.substring(topic.lastIndexOf('/') + 1)), "person unchanged");
        assertEquals(visitBefore, visits.byId(topic.substring(topic.lastIndexOf('/') + 1)), "visit unchanged");
    }

    // --- records

    private static Map<String, Object> person(String id, String badge, List<String> roles, boolean active, String publicKey) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("personId", id);
        p.put("name", "Person " + id);
        p.put("badgeUid", badge);
        p.put("roles", roles);
        p.put("active", active);
        if (publicKey != null) {
            p.put("publicKey", publicKey);
        }
        return p;
    }

    private Map<String, Object> visit(String id, String approvedBy, String status) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("visitId", id);
        v.put("status", status);
        v.put("visitorName", "Budi");
        v.put("badgeUid", "1122334455");
        v.put("validFrom", clock.instant().minusSeconds(300).toString());
        v.put("validUntil", clock.instant().plusSeconds(3600).toString());
        v.put("escorts", List.of("P-001"));
        v.put("approvedBy", approvedBy);
        return v;
    }

    private static String byDirectory(KeyPair key, String kid, Map<String, Object> record, long iat) {
        return new RecordSigner(key.getPrivate(), kid).sign(record, iat);
    }

    private String storeApprover(boolean active, List<String> roles) {
        String json = byDirectory(directory, "dir-1",
                person("P-100", "AAAA000100", roles, active, publicKey(approver)), IAT);
        accepted(PERSONNEL + "P-100", json);
        return json;
    }

    // --- persons

    @Test
    void aPersonSignedByADirectoryKeyIsStoredAndAdmits() {
        accepted(PERSONNEL + "P-001", byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT));
        assertTrue(persons.personByBadge("0A1B2C3D4E").isPresent());
    }

    @Test
    void anUnsignedPersonIsRefused() {
        refused(PERSONNEL + "P-001", "{\"personId\":\"P-001\",\"badgeUid\":\"0A1B2C3D4E\",\"roles\":[\"access\"],\"active\":true}",
                "unsigned");
        assertTrue(persons.personById("P-001").isEmpty());
    }

    @Test
    void aBadSignatureIsRefused() {
        String good = byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT);
        String forged = byDirectory(stranger, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT);
        // The stranger's signature under the directory's kid, and the directory's signature over other bytes.
        refused(PERSONNEL + "P-001", forged, "bad_signature");
        String[] parts = good.split("\\.");
        String otherPayload = byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access", "escort"), true, null), IAT)
                .split("\\.")[1];
        refused(PERSONNEL + "P-001", parts[0] + "." + otherPayload + "." + parts[2], "bad_signature");
        refused(PERSONNEL + "P-001", "not.a-token", "malformed_token");
        assertTrue(persons.personById("P-001").isEmpty());
    }

    @Test
    void aPersonSignedByAnUnknownKeyIsRefused() {
        refused(PERSONNEL + "P-001", byDirectory(stranger, "dir-9", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT),
                "unknown_key");
    }

    @Test
    void aPersonCannotGrantItselfTheApproverRole() {
        storeApprover(true, List.of("access", "approver"));
        // An approver signs their own record with more roles, and a new person with their own key:
        // only a directory key signs persons.
        refused(PERSONNEL + "P-100", new RecordSigner(approver.getPrivate(), "P-100")
                .sign(person("P-100", "AAAA000100", List.of("access", "approver", "operator"), true, publicKey(approver)), IAT + 10),
                "unknown_key");
        refused(PERSONNEL + "P-666", new RecordSigner(stranger.getPrivate(), "P-666")
                .sign(person("P-666", "AAAA000666", List.of("approver"), true, publicKey(stranger)), IAT),
                "unknown_key");
        assertEquals(Optional.empty(), persons.personById("P-666"));
        assertFalse(persons.personById("P-100").orElseThrow().hasRole("operator"));
    }

    // --- visits

    @Test
    void aVisitSignedByItsApproverIsStored() {
        storeApprover(true, List.of("approver"));
        accepted(VISITS + "V-1", new RecordSigner(approver.getPrivate(), "P-100").sign(visit("V-1", "P-100", "approved"), IAT));
        assertEquals(Visit.Status.APPROVED, visits.byId("V-1").orElseThrow().status());
    }

    @Test
    void visitsNotSignedByAnApproverWhoMayApproveAreRefused() {
        refused(VISITS + "V-1", "{\"visitId\":\"V-1\"}", "unsigned");
        // Nobody by that id yet.
        refused(VISITS + "V-1", new RecordSigner(approver.getPrivate(), "P-100").sign(visit("V-1", "P-100", "approved"), IAT),
                "unknown_approver");
        String approverRecord = storeApprover(true, List.of("approver"));
        // kid differs from approvedBy: signed by the approver for someone else's approval.
        refused(VISITS + "V-1", new RecordSigner(approver.getPrivate(), "P-100").sign(visit("V-1", "P-200", "approved"), IAT),
                "not_signed_by_approver");
        // The approver's kid, someone else's key.
        refused(VISITS + "V-1", new RecordSigner(stranger.getPrivate(), "P-100").sign(visit("V-1", "P-100", "approved"), IAT),
                "bad_signature");
        // A directory key does not approve visits.
        refused(VISITS + "V-1", byDirectory(directory, "dir-1", visit("V-1", "dir-1", "approved"), IAT), "unknown_approver");
        // Without the role.
        accepted(PERSONNEL + "P-100", byDirectory(directory, "dir-1",
                person("P-100", "AAAA000100", List.of("access", "escort"), true, publicKey(approver)), IAT + 1));
        refused(VISITS + "V-1", new RecordSigner(approver.getPrivate(), "P-100").sign(visit("V-1", "P-100", "approved"), IAT),
                "not_an_approver");
        // Inactive.
        accepted(PERSONNEL + "P-100", byDirectory(directory, "dir-1",
                person("P-100", "AAAA000100", List.of("approver"), false, publicKey(approver)), IAT + 2));
        refused(VISITS + "V-1", new RecordSigner(approver.getPrivate(), "P-100").sign(visit("V-1", "P-100", "approved"), IAT),
                "approver_inactive");
        // Without a key.
        accepted(PERSONNEL + "P-100", byDirectory(directory, "dir-1",
                person("P-100", "AAAA000100", List.of("approver"), true, null), IAT + 3));
        refused(VISITS + "V-1", new RecordSigner(approver.getPrivate(), "P-100").sign(visit("V-1", "P-100", "approved"), IAT),
                "no_public_key");
        assertTrue(visits.byId("V-1").isEmpty());
        assertTrue(approverRecord.contains("."));
    }

    // --- replays

    @Test
    void anOlderRecordIsAReplayAcrossRestartsAndDeletions() {
        String first = byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT);
        String deactivated = byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), false, null), IAT + 60);
        accepted(PERSONNEL + "P-001", first);
        accepted(PERSONNEL + "P-001", deactivated);
        // The same record again (every reconnect redelivers it) changes nothing and is no refusal.
        accepted(PERSONNEL + "P-001", deactivated);
        refused(PERSONNEL + "P-001", first, "stale");

        db.close();
        open(keyLine("dir-1", directory));
        refused(PERSONNEL + "P-001", first, "stale");
        assertFalse(persons.personById("P-001").orElseThrow().active(), "still deactivated after a restart");

        // Deleted: even the last accepted record does not come back; only a newer one does.
        accepted(PERSONNEL + "P-001", "");
        refused(PERSONNEL + "P-001", deactivated, "stale");
        refused(PERSONNEL + "P-001", first, "stale");
        assertTrue(persons.personById("P-001").isEmpty());
        accepted(PERSONNEL + "P-001", byDirectory(directory, "dir-1",
                person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT + 120));
        assertTrue(persons.personById("P-001").orElseThrow().active());
    }

    @Test
    void aDifferentRecordSignedInTheSameSecondIsRefused() {
        accepted(PERSONNEL + "P-001", byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), false, null), IAT));
        refused(PERSONNEL + "P-001", byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT),
                "stale");
        assertFalse(persons.personById("P-001").orElseThrow().active());
    }

    @Test
    void aRevokedVisitCannotBeReplacedByItsOlderApproval() {
        storeApprover(true, List.of("approver"));
        RecordSigner signer = new RecordSigner(approver.getPrivate(), "P-100");
        String approved = signer.sign(visit("V-1", "P-100", "approved"), IAT);
        accepted(VISITS + "V-1", approved);
        accepted(VISITS + "V-1", signer.sign(visit("V-1", "P-100", "revoked"), IAT + 1));
        refused(VISITS + "V-1", approved, "stale");
        assertEquals(Visit.Status.REVOKED, visits.byId("V-1").orElseThrow().status());
    }

    // --- key rotation

    @Test
    void aSecondDirectoryKeyIsAddedAndTheOldOneRemoved() {
        KeyPair second = newKeyPair();
        accepted(PERSONNEL + "P-001", byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT));

        db.close();
        open(keyLine("dir-1", directory) + keyLine("dir-2", second));
        accepted(PERSONNEL + "P-002", byDirectory(second, "dir-2", person("P-002", "0A1B2C3D4F", List.of("access"), true, null), IAT));
        accepted(PERSONNEL + "P-003", byDirectory(directory, "dir-1", person("P-003", "0A1B2C3D50", List.of("access"), true, null), IAT));

        db.close();
        open("# dir-1 retired\n" + keyLine("dir-2", second));
        refused(PERSONNEL + "P-004", byDirectory(directory, "dir-1", person("P-004", "0A1B2C3D51", List.of("access"), true, null), IAT),
                "unknown_key");
        refused(PERSONNEL + "P-003", byDirectory(directory, "dir-1", person("P-003", "0A1B2C3D50", List.of("access"), false, null), IAT + 1),
                "unknown_key");
        // What the old key signed was verified when it was stored, and stays until the directory
        // republishes it under the new key (or deletes it).
        assertTrue(persons.personById("P-001").isPresent());
        assertTrue(persons.personById("P-003").orElseThrow().active());
        accepted(PERSONNEL + "P-003", byDirectory(second, "dir-2", person("P-003", "0A1B2C3D50", List.of("access"), false, null), IAT + 2));
        assertFalse(persons.personById("P-003").orElseThrow().active());
    }

    // --- unsigned mode and moving over

    @Test
    void withoutDirectoryKeysRecordsAreTakenAsTheyComeAndDroppedWhenKeysArrive() {
        db.close();
        open(null);
        accepted(PERSONNEL + "P-001", "{\"personId\":\"P-001\",\"badgeUid\":\"0A1B2C3D4E\",\"roles\":[\"access\"],\"active\":true}");
        // A site moving over may publish signed records before every door has the key file.
        accepted(PERSONNEL + "P-002", byDirectory(directory, "dir-1", person("P-002", "0A1B2C3D4F", List.of("access"), true, null), IAT));
        assertTrue(persons.personById("P-002").isPresent());
        // Deletion by a zero-length payload stays accepted.
        accepted(PERSONNEL + "P-002", "");
        assertTrue(persons.personById("P-002").isEmpty());

        // Signed mode: the unsigned copy no longer counts.
        db.close();
        open(keyLine("dir-1", directory));
        int[] dropped = new RecordVersions(db).dropUnsigned();
        assertEquals(1, dropped[0]);
        assertTrue(persons.personById("P-001").isEmpty());
    }

    // --- OpenSSL

    @Test
    void aRecordSignedByOpensslIsAccepted() throws Exception {
        Openssl openssl = new Openssl(dir);
        openssl.run("genpkey", "-algorithm", "ed25519", "-out", "directory.pem");
        String publicPem = new String(openssl.run("pkey", "-in", "directory.pem", "-pubout"), StandardCharsets.US_ASCII);
        db.close();
        open("site-directory " + Openssl.pemBody(publicPem) + "\n");

        String header = b64("{\"alg\":\"EdDSA\",\"kid\":\"site-directory\"}");
        String payload = b64("{\"personId\":\"P-001\",\"name\":\"Operator One\",\"badgeUid\":\"0A1B2C3D4E\","
                + "\"roles\":[\"access\",\"escort\"],\"active\":true,\"iat\":" + IAT + "}");
        Files.writeString(dir.resolve("msg"), header + "." + payload, StandardCharsets.US_ASCII);
        openssl.run("pkeyutl", "-sign", "-rawin", "-inkey", "directory.pem", "-in", "msg", "-out", "sig");
        String jws = header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Files.readAllBytes(dir.resolve("sig")));
        accepted(PERSONNEL + "P-001", jws);
        assertEquals("Operator One", persons.personById("P-001").orElseThrow().name());

        // And the other way round: OpenSSL's private key read by our signer, the record accepted.
        byte[] der = openssl.run("pkey", "-in", "directory.pem", "-outform", "DER");
        PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        accepted(PERSONNEL + "P-002", new RecordSigner(key, "site-directory")
                .sign(person("P-002", "0A1B2C3D4F", List.of("access"), true, null), IAT));
    }

    @Test
    void aRecordWeSignVerifiesWithOpenssl() throws Exception {
        Openssl openssl = new Openssl(dir);
        Files.writeString(dir.resolve("directory.pub"), "-----BEGIN PUBLIC KEY-----\n" + publicKey(directory)
                + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
        String[] parts = byDirectory(directory, "dir-1", person("P-001", "0A1B2C3D4E", List.of("access"), true, null), IAT)
                .split("\\.");
        Files.writeString(dir.resolve("msg"), parts[0] + "." + parts[1], StandardCharsets.US_ASCII);
        Files.write(dir.resolve("sig"), Base64.getUrlDecoder().decode(parts[2]));
        String verdict = new String(openssl.run("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", "directory.pub",
                "-in", "msg", "-sigfile", "sig"), StandardCharsets.US_ASCII);
        assertEquals("Signature Verified Successfully", verdict.strip());
    }

    // --- schedules

    private static Map<String, Object> schedule(String id, String to) {
        return new LinkedHashMap<>(Map.of("scheduleId", id, "timezone", "Asia/Jakarta",
                "windows", List.of(Map.of("days", List.of("mon", "tue", "wed", "thu", "fri"), "from", "07:30", "to", to))));
    }

    @Test
    void aScheduleIsSignedByTheDirectoryLikeAPerson() {
        String schedules = TOPICS.schedulesPrefix();
        List<Event> unsigned = apply(schedules + "office", "{\"scheduleId\":\"office\",\"timezone\":\"UTC\",\"windows\":[]}");
        assertTrue(((String) unsigned.get(0).fields().get("reason")).startsWith("unsigned:"), unsigned::toString);
        storeApprover(true, List.of("approver"));
        List<Event> byApprover = apply(schedules + "office",
                new RecordSigner(approver.getPrivate(), "P-100").sign(schedule("office", "17:00"), IAT));
        assertTrue(((String) byApprover.get(0).fields().get("reason")).startsWith("unknown_key:"), byApprover::toString);
        assertTrue(this.schedules.byId("office").isEmpty(), "neither stored");

        accepted(schedules + "office", byDirectory(directory, "dir-1", schedule("office", "17:00"), IAT));
        assertEquals(17 * 60, this.schedules.byId("office").orElseThrow().windows().get(0).toMinute());
        List<Event> replay = apply(schedules + "office", byDirectory(directory, "dir-1", schedule("office", "23:00"), IAT - 1));
        assertTrue(((String) replay.get(0).fields().get("reason")).startsWith("stale:"), replay::toString);
        assertEquals(17 * 60, this.schedules.byId("office").orElseThrow().windows().get(0).toMinute(), "the replay changed nothing");
        accepted(schedules + "office", "");
        assertTrue(this.schedules.byId("office").isEmpty(), "deleted by an empty payload, as every record");
    }

    // --- helpers

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String keyLine(String kid, KeyPair pair) {
        return kid + " " + publicKey(pair) + "\n";
    }

    private static String publicKey(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
