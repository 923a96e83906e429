package org.accessctl.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.accessctl.json.Json;
import org.accessctl.mqtt.DirectoryIndex;
import org.accessctl.store.Database;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The synthetic site: persons {@code P-000000…} and visits {@code V-000000…}. Every tenth person
 * holds {@code access} and {@code escort}; the others {@code access} only. Visit {@code j} is
 * approved for a year around now, names one escort, and has its own visitor badge.
 *
 * <p>The door's "old copy" is written straight into SQLite in one transaction (through the
 * controller's own {@link Database}, so the schema is the real one); the upstream system's
 * records are published retained to the broker as the helpdesk would.
 */
final class SyntheticSite {

    /** The updated_at of the old copy: any record the door stores itself is later than this. */
    static final String OLD_COPY = "2000-01-01T00:00:00Z";

    private final int persons;
    private final int visits;

    SyntheticSite(int persons, int visits) {
        this.persons = persons;
        this.visits = visits;
    }

    int persons() {
        return persons;
    }

    int visits() {
        return visits;
    }

    static String personId(int i) {
        return String.format("P-%06d", i);
    }

    static String staffBadge(int i) {
        return String.format("1%09X", i);
    }

    static String visitId(int j) {
        return String.format("V-%06d", j);
    }

    static String visitorBadge(int j) {
        return String.format("2%09X", j);
    }

    static boolean isEscort(int i) {
        return i % 10 == 0;
    }

    /** The escort named in visit j: always a person with the escort role. */
    int escortOf(int j) {
        return (j % Math.max(1, persons / 10)) * 10;
    }

    /** Writes the old copy into a new database file. */
    void preload(Path file) {
        Instant now = Instant.now();
        long from = now.minus(Duration.ofDays(1)).toEpochMilli();
        long until = now.plus(Duration.ofDays(365)).toEpochMilli();
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO persons (person_id, badge_uid, name, roles,"
                        + " active, doors, public_key, updated_at) VALUES (?, ?, ?, ?, 1, '[]', NULL, ?)")) {
                    for (int i = 0; i < persons; i++) {
                        s.setString(1, personId(i));
                        s.setString(2, staffBadge(i));
                        s.setString(3, "Staff " + personId(i));
                        s.setString(4, isEscort(i) ? "[\"access\",\"escort\"]" : "[\"access\"]");
                        s.setString(5, OLD_COPY);
                        s.addBatch();
                        if (i % 5000 == 4999) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO visits (visit_id, badge_uid, status,"
                        + " valid_from, valid_until, record, updated_at) VALUES (?, ?, 'approved', ?, ?, ?, ?)")) {
                    for (int j = 0; j < visits; j++) {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("visitorName", "Visitor " + j);
                        r.put("organization", "Vendor X");
                        r.put("purpose", "Replace disk in storage array");
                        r.put("escorts", List.of(personId(escortOf(j))));
                        r.put("doors", List.of());
                        r.put("approvedBy", "P-100");
                        r.put("devices", List.of(Map.of("description", "Laptop", "serial", "ABC" + j)));
                        s.setString(1, visitId(j));
                        s.setString(2, visitorBadge(j));
                        s.setLong(3, from);
                        s.setLong(4, until);
                        s.setString(5, Json.write(r));
                        s.setString(6, OLD_COPY);
                        s.addBatch();
                        if (j % 5000 == 4999) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
                return null;
            });
        }
    }

    String personRecord(int i) {
        return "{\"personId\":\"" + personId(i) + "\",\"name\":\"Staff " + personId(i) + " (v2)\",\"badgeUid\":\""
                + staffBadge(i) + "\",\"roles\":[" + (isEscort(i) ? "\"access\",\"escort\"" : "\"access\"")
                + "],\"active\":true}";
    }

    String visitRecord(int j, OffsetDateTime from, OffsetDateTime until) {
        return "{\"visitId\":\"" + visitId(j) + "\",\"status\":\"approved\",\"visitorName\":\"Visitor " + j
                + " (v2)\",\"organization\":\"Vendor X\",\"purpose\":\"Replace disk in storage array\",\"badgeUid\":\""
                + visitorBadge(j) + "\",\"validFrom\":\"" + from + "\",\"validUntil\":\"" + until
                + "\",\"escorts\":[\"" + personId(escortOf(j)) + "\"],\"approvedBy\":\"P-100\","
                + "\"devices\":[{\"description\":\"Laptop\",\"serial\":\"ABC" + j + "\"}]}";
    }

    /**
     * Publishes {@code count} person and {@code count} visit records, retained, QoS 1, with many
     * in flight; returns when the broker has acknowledged them all. Returns the messages per second.
     */
    double publishRetained(String brokerUrl, int count) throws Exception {
        return publishRetained(brokerUrl, count, count, null);
    }

    /** The person record of {@code i} deactivated: a revocation that stays retained. */
    String revokedPersonRecord(int i) {
        return personRecord(i).replace("\"active\":true", "\"active\":false");
    }

    /**
     * The site's keys for signed records (contract section 7): a directory key for persons, and
     * approver {@link #APPROVER}'s own key for visits.
     */
    static final class Signing {
        static final String DIRECTORY_KID = "bench-directory";
        final java.security.KeyPair directory = newKeyPair();
        final java.security.KeyPair approver = newKeyPair();
        final org.accessctl.command.RecordSigner persons =
                new org.accessctl.command.RecordSigner(directory.getPrivate(), DIRECTORY_KID);
        final org.accessctl.command.RecordSigner visits =
                new org.accessctl.command.RecordSigner(approver.getPrivate(), APPROVER);
        /** Later than any iat of the old copy. */
        final long iat = Instant.now().getEpochSecond();

        /** The door's records.directoryKeys file. */
        Path keyFile(Path dir) throws java.io.IOException {
            return java.nio.file.Files.writeString(dir.resolve("directory.keys"), DIRECTORY_KID + " "
                    + java.util.Base64.getEncoder().encodeToString(directory.getPublic().getEncoded()) + "\n");
        }

        String approverPublicKey() {
            return java.util.Base64.getEncoder().encodeToString(approver.getPublic().getEncoded());
        }

        String sign(org.accessctl.command.RecordSigner signer, String json) {
            return sign(signer, json, iat);
        }

        /** Signed with this {@code iat}: a later version of a record needs a later one. */
        @SuppressWarnings("unchecked")
        String sign(org.accessctl.command.RecordSigner signer, String json, long iat) {
            return signer.sign((Map<String, Object>) Json.parse(json), iat);
        }

        private static java.security.KeyPair newKeyPair() {
            try {
                return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Who approved every visit of the synthetic site. */
    static final String APPROVER = "P-100";

    /**
     * Turns a copy of the old directory into one a door with directory keys trusts: every row as if
     * verified when it was stored (iat 0), and the approver with their key.
     */
    void trustOldCopy(Path file, Signing signing) {
        try (Database db = Database.open(file)) {
            db.inTransaction(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("INSERT INTO record_versions (kind, record_id, iat, digest, signed)"
                            + " SELECT 'person', person_id, 0, NULL, 1 FROM persons");
                    s.execute("INSERT INTO record_versions (kind, record_id, iat, digest, signed)"
                            + " SELECT 'visit', visit_id, 0, NULL, 1 FROM visits");
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO persons (person_id, badge_uid, name, roles,"
                        + " active, doors, public_key, updated_at) VALUES (?, NULL, 'Supervisor', '[\"approver\"]', 1,"
                        + " '[]', ?, ?)")) {
                    s.setString(1, APPROVER);
                    s.setString(2, signing.approverPublicKey());
                    s.setString(3, OLD_COPY);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO record_versions (kind, record_id, iat, digest,"
                        + " signed) VALUES ('person', ?, 0, NULL, 1)")) {
                    s.setString(1, APPROVER);
                    s.executeUpdate();
                }
                return null;
            });
        }
    }

    /** The approver's own record, as the directory publishes it. */
    String approverRecord(Signing signing) {
        return "{\"personId\":\"" + APPROVER + "\",\"name\":\"Supervisor\",\"roles\":[\"approver\"],"
                + "\"active\":true,\"publicKey\":\"" + signing.approverPublicKey() + "\"}";
    }

    /**
     * As {@link #publishRetained(String, int)}; with {@code signing}, every record signed (persons
     * by the directory key, visits by their approver) and the approver's own record first.
     */
    double publishRetained(String brokerUrl, int count, Signing signing) throws Exception {
        return publishRetained(brokerUrl, count, count, signing);
    }

    /**
     * Publishes the first {@code personCount} person records and the first {@code visitCount}
     * visit records, retained, QoS 1; returns the messages per second.
     */
    double publishRetained(String brokerUrl, int personCount, int visitCount) throws Exception {
        return publishRetained(brokerUrl, personCount, visitCount, null);
    }

    /** As {@link #publishRetained(String, int, int)}; signed with {@code signing} if not null. */
    double publishRetained(String brokerUrl, int personCount, int visitCount, Signing signing) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).withNano(0);
        OffsetDateTime from = now.minusDays(1);
        OffsetDateTime until = now.plusDays(365);
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "bench-helpdesk-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(20_000);
        client.connect(o).waitForCompletion(10_000);
        Semaphore window = new Semaphore(10_000);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        IMqttActionListener done = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                failure.compareAndSet(null, e);
                window.release();
            }
        };
        long t0 = System.nanoTime();
        try {
            if (signing != null) {
                MqttMessage m = new MqttMessage(signing.sign(signing.persons, approverRecord(signing))
                        .getBytes(StandardCharsets.US_ASCII));
                m.setQos(1);
                m.setRetained(true);
                client.publish("accessctl/main/personnel/" + APPROVER, m).waitForCompletion(10_000);
            }
            // Signed ahead, on every core: signing is the publisher's work, not the door's.
            List<String> signed = signing == null ? null : java.util.stream.IntStream.range(0, personCount + visitCount)
                    .parallel().mapToObj(i -> i < personCount ? signing.sign(signing.persons, personRecord(i))
                            : signing.sign(signing.visits, visitRecord(i - personCount, from, until)))
                    .toList();
            t0 = System.nanoTime();
            for (int i = 0; i < personCount + visitCount; i++) {
                window.acquire();
                String topic;
                String payload;
                if (i < personCount) {
                    topic = "accessctl/main/personnel/" + personId(i);
                    payload = signing == null ? personRecord(i) : signed.get(i);
                } else {
                    topic = "accessctl/main/visits/" + visitId(i - personCount);
                    payload = signing == null ? visitRecord(i - personCount, from, until) : signed.get(i);
                }
                MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                m.setRetained(true);
                client.publish(topic, m, null, done);
            }
            if (!window.tryAcquire(10_000, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker did not acknowledge every record");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("publishing records failed", failure.get());
            }
            double rate = (personCount + visitCount) / ((System.nanoTime() - t0) / 1e9);
            // The directory's index, as the tools keep it: what a door behind a slow link asks for by name.
            List<String> persons = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, personCount)
                    .mapToObj(SyntheticSite::personId).toList());
            if (signing != null) {
                persons.add(APPROVER);
            }
            publishIndex(client, PERSONNEL, persons);
            publishIndex(client, VISITS, java.util.stream.IntStream.range(0, visitCount).mapToObj(SyntheticSite::visitId).toList());
            return rate;
        } finally {
            client.disconnect(2_000).waitForCompletion(3_000);
            client.close();
        }
    }

    private static final String PERSONNEL = "accessctl/main/personnel/";
    private static final String VISITS = "accessctl/main/visits/";

    /** Every page of a kind's index for exactly these ids (empty pages deleted), retained, QoS 1. */
    private static void publishIndex(MqttAsyncClient client, String kindPrefix, java.util.Collection<String> ids)
            throws Exception {
        java.util.Map<String, List<String>> pages = new java.util.TreeMap<>();
        for (int b = 0; b < 256; b++) {
            pages.put(java.util.HexFormat.of().toHexDigits((byte) b), new java.util.ArrayList<>());
        }
        ids.forEach(id -> pages.get(DirectoryIndex.bucket(id)).add(id));
        List<IMqttToken> tokens = new java.util.ArrayList<>();
        for (var page : pages.entrySet()) {
            tokens.add(client.publish(DirectoryIndex.pageTopic(kindPrefix, page.getKey()),
                    DirectoryIndex.encode(page.getValue()), 1, true));
        }
        for (IMqttToken t : tokens) {
            t.waitForCompletion(30_000);
        }
    }

    /**
     * Deletes {@code gone} of the first {@code count} persons upstream (zero-length retained
     * messages, QoS 1), spread over the range; returns once the broker has them all.
     */
    void deleteRetained(String brokerUrl, int gone, int count) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, "bench-directory-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(gone + 2 * 256 + 1); // the deletions, then the index pages
        client.connect(o).waitForCompletion(10_000);
        try {
            List<IMqttToken> tokens = new java.util.ArrayList<>();
            java.util.Set<String> kept = new java.util.LinkedHashSet<>(java.util.stream.IntStream.range(0, count)
                    .mapToObj(SyntheticSite::personId).toList());
            for (int k = 0; k < gone; k++) {
                String id = personId(k * (count / gone) + 2);
                kept.remove(id);
                tokens.add(client.publish(PERSONNEL + id, new byte[0], 1, true));
            }
            for (IMqttToken t : tokens) {
                t.waitForCompletion(30_000);
            }
            publishIndex(client, PERSONNEL, kept);
        } finally {
            client.disconnect(2_000).waitForCompletion(3_000);
            client.close();
        }
    }
}
