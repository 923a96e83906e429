package org.accessctl.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.accessctl.command.CommandRefused;
import org.accessctl.config.DirectoryKeys;
import org.accessctl.command.CommandToken;
import org.accessctl.command.OperatorKey;
import org.accessctl.core.Person;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;
import org.accessctl.mqtt.OversizeMessage;

/**
 * Opens a person, visit or schedule payload (contract sections 7 and 10). With directory keys, a
 * record is accepted only as a compact JWS that the same parser and Ed25519 check as commands
 * ({@link CommandToken}) find signed: a person or a schedule by a directory key, a visit by its approver, an
 * active person in the door's copy with the {@code approver} role and a {@code publicKey}. As with
 * commands, the signer is looked up from the header's {@code kid} and the signature checked
 * before anything in the payload is read. Without directory keys a record is taken as it comes,
 * plain JSON or the payload of a JWS, unchecked: the door then trusts whoever may publish.
 *
 * <p>Replays (an older {@code iat}) are the store's to judge: see {@code RecordVersions}.
 */
public final class RecordSignatures {

    private final DirectoryKeys directory;
    private final Function<String, Optional<Person>> persons;
    /**
     * Approvers' keys as read from their publicKey text: a sync brings thousands of visits signed
     * by a few approvers, and decoding a key costs more than looking it up. Keyed by the text, so
     * a changed publicKey is a different entry. Used on the door loop's thread only.
     */
    private final Map<String, OperatorKey> approverKeys = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OperatorKey> eldest) {
            return size() > 64;
        }
    };

    private RecordSignatures(DirectoryKeys directory, Function<String, Optional<Person>> persons) {
        this.directory = directory;
        this.persons = persons;
    }

    /** A door without {@code records.directoryKeys}: everything as it comes. */
    public static RecordSignatures unsigned() {
        return new RecordSignatures(null, id -> Optional.empty());
    }

    /**
     * A door that admits only what the directory signed and what an approver approved.
     *
     * @param persons the door's copy of the personnel, where a visit's approver is looked up
     */
    public static RecordSignatures signed(DirectoryKeys directory, Function<String, Optional<Person>> persons) {
        return new RecordSignatures(Objects.requireNonNull(directory), Objects.requireNonNull(persons));
    }

    public boolean required() {
        return directory != null;
    }

    /**
     * The record's JSON, verified when signatures are required.
     *
     * @param payload a non-empty payload (a zero-length one deletes and needs no signature)
     * @throws RecordRefused naming the {@link RecordRejection} (or the JWS's shape problem) and why
     */
    public OpenedRecord open(RecordKind kind, byte[] payload) throws RecordRefused {
        boolean jws = looksLikeJws(payload);
        if (directory == null) {
            if (!jws) {
                return OpenedRecord.plain(payload);
            }
            try {
                return OpenedRecord.plain(token(payload).unverifiedPayload());
            } catch (RecordRefused notAToken) {
                // Neither JSON nor a token: the JSON decoder names what is wrong, as it always has.
                return OpenedRecord.plain(payload);
            }
        }
        if (!jws) {
            throw refused(RecordRejection.UNSIGNED, "this door accepts only " + kind.code()
                    + " records signed as a compact JWS (records.directoryKeys is set)");
        }
        CommandToken token = token(payload);
        byte[] json = kind == RecordKind.VISIT ? signedByApprover(token) : signedByDirectory(token);
        JsonObject o = object(json);
        if (kind == RecordKind.VISIT) {
            String approvedBy = read(() -> o.optionalString("approvedBy")).orElse(null);
            if (!token.kid().equals(approvedBy)) {
                throw refused(RecordRejection.NOT_SIGNED_BY_APPROVER, "signed by " + token.kid() + " but approvedBy is "
                        + (approvedBy == null ? "missing" : "\"" + clip(approvedBy) + "\""));
            }
        }
        long iat = iat(o);
        return new OpenedRecord(json, true, iat, sha256(json));
    }

    private byte[] signedByDirectory(CommandToken token) throws RecordRefused {
        OperatorKey key = directory.key(token.kid()).orElseThrow(() -> refused(RecordRejection.UNKNOWN_KEY,
                "kid " + token.kid() + " is not one of this door's directory keys"));
        return token.payloadSignedBy(key).orElseThrow(() -> refused(RecordRejection.BAD_SIGNATURE,
                "the signature is not directory key " + token.kid() + "'s over this record"));
    }

    private byte[] signedByApprover(CommandToken token) throws RecordRefused {
        Person approver = persons.apply(token.kid()).orElseThrow(() -> refused(RecordRejection.UNKNOWN_APPROVER,
                "no person " + token.kid() + " is known here to approve visits"));
        if (!approver.active()) {
            throw refused(RecordRejection.APPROVER_INACTIVE, approver.personId() + " is not active");
        }
        if (!approver.hasRole(Person.ROLE_APPROVER)) {
            throw refused(RecordRejection.NOT_AN_APPROVER,
                    approver.personId() + " does not have the " + Person.ROLE_APPROVER + " role");
        }
        if (approver.publicKey() == null || approver.publicKey().isBlank()) {
            throw refused(RecordRejection.NO_PUBLIC_KEY, approver.personId() + " has no publicKey");
        }
        OperatorKey key = approverKeys.get(approver.publicKey());
        if (key == null) {
            try {
                key = OperatorKey.fromBase64(approver.publicKey());
            } catch (CommandRefused e) {
                throw refused(RecordRejection.NO_PUBLIC_KEY, approver.personId() + "'s publicKey is not an Ed25519 key");
            }
            approverKeys.put(approver.publicKey(), key);
        }
        return token.payloadSignedBy(key).orElseThrow(() -> refused(RecordRejection.BAD_SIGNATURE,
                "the signature is not " + approver.personId() + "'s over this visit"));
    }

    /** A JWS is ASCII and starts with the header's base64url; JSON starts with a brace. */
    private static boolean looksLikeJws(byte[] payload) {
        for (byte b : payload) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b != '{';
        }
        return true;
    }

    private static CommandToken token(byte[] payload) throws RecordRefused {
        try {
            // One character per byte, as for commands: anything outside ASCII fails as base64url.
            String text = new String(payload, StandardCharsets.ISO_8859_1).strip();
            return CommandToken.parse(text, OversizeMessage.LIMIT_BYTES);
        } catch (CommandRefused e) {
            throw new RecordRefused(e.reason().wireName() + ": " + e.detail());
        }
    }

    private static JsonObject object(byte[] json) throws RecordRefused {
        try {
            return JsonObject.of(Json.parseBytes(json));
        } catch (JsonException e) {
            throw new RecordRefused("bad_json: the signed payload is not a JSON object: " + e.getMessage());
        }
    }

    private static long iat(JsonObject o) throws RecordRefused {
        long iat;
        try {
            iat = o.requireLong("iat");
        } catch (JsonException e) {
            throw refused(RecordRejection.BAD_IAT, "the signed record needs \"iat\": whole seconds since 1970");
        }
        if (iat < 0) {
            throw refused(RecordRejection.BAD_IAT, "\"iat\" is before 1970");
        }
        return iat;
    }

    private interface Read<T> {
        T get();
    }

    private static <T> T read(Read<T> read) throws RecordRefused {
        try {
            return read.get();
        } catch (JsonException e) {
            throw new RecordRefused("bad_json: " + e.getMessage());
        }
    }

    static RecordRefused refused(RecordRejection why, String detail) {
        return new RecordRefused(why.wireName() + ": " + detail);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s.replaceAll("\\p{Cntrl}", "?");
    }
}
