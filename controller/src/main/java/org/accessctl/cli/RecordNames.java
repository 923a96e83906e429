package org.accessctl.cli;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;
import org.accessctl.words.Names;

/**
 * Names learnt from the site's retained person and visit records, as a watcher receives them.
 * Only for display: a signed record (a compact JWS) is read without checking its signature,
 * which is the door's job; a record that cannot be read leaves the bare id.
 */
final class RecordNames implements Names {

    private final Map<String, String> persons = new ConcurrentHashMap<>();
    private final Map<String, String> visitors = new ConcurrentHashMap<>();

    void person(String personId, byte[] payload) {
        learn(persons, personId, payload, "name");
    }

    void visit(String visitId, byte[] payload) {
        learn(visitors, visitId, payload, "visitorName");
    }

    private static void learn(Map<String, String> names, String id, byte[] payload, String field) {
        if (payload.length == 0) {
            names.remove(id);
            return;
        }
        json(payload).flatMap(o -> {
            try {
                return o.optionalString(field);
            } catch (JsonException e) {
                return Optional.empty();
            }
        }).filter(n -> !n.isBlank()).ifPresentOrElse(n -> names.put(id, n), () -> names.remove(id));
    }

    /** The record's JSON: the payload itself, or the payload part of a compact JWS. */
    private static Optional<JsonObject> json(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        try {
            if (!text.startsWith("{")) {
                String[] parts = text.split("\\.", -1);
                if (parts.length != 3) {
                    return Optional.empty();
                }
                text = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            }
            return Optional.of(JsonObject.parseBytes(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) { // bad base64 or bad JSON (JsonException is one)
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> person(String personId) {
        return Optional.ofNullable(persons.get(personId));
    }

    @Override
    public Optional<String> visitor(String visitId) {
        return Optional.ofNullable(visitors.get(visitId));
    }
}
