package org.accessctl.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonLimits;
import org.accessctl.json.JsonObject;

/**
 * One event of a log, read from the exact text that was stored and published, with what the
 * chain needs: its seq, its chain, where it comes from, and its canonical JSON without
 * {@code chain} (the bytes that were hashed).
 */
public record LoggedEvent(long seq, String chain, String site, String door, String json,
                          String canonicalWithoutChain) {

    /**
     * Larger than the parser's default, which is sized for hostile MQTT payloads: here a
     * legitimate but unusually long event (a visit with many devices) must not be mistaken
     * for tampering. Lines are bounded to the same size before they are decoded.
     */
    static final int MAX_EVENT_LENGTH = 1024 * 1024;

    /** The parser's limits for a stored event, for every reader of the log (auditing, reports). */
    public static final JsonLimits LIMITS = new JsonLimits(MAX_EVENT_LENGTH, JsonLimits.DEFAULT.maxDepth(),
            MAX_EVENT_LENGTH, JsonLimits.DEFAULT.maxNumberDigits());

    private static final Pattern CHAIN = Pattern.compile("[0-9a-f]{64}");

    /**
     * Reads one event's text.
     *
     * @throws ChainBreak when the text is not JSON, lacks a member every event carries, or is
     *                    not in canonical form: the controller stores and publishes only the
     *                    canonical text, so any other spelling was produced after the fact
     */
    public static LoggedEvent read(String json) throws ChainBreak {
        Object parsed;
        try {
            parsed = Json.parse(json, LIMITS);
        } catch (JsonException e) {
            throw ChainBreak.unreadable("not JSON: " + e.getMessage());
        }
        JsonObject event;
        long seq;
        try {
            event = JsonObject.of(parsed);
            seq = event.requireLong("seq");
        } catch (JsonException e) {
            throw ChainBreak.unreadable("not an event: " + e.getMessage());
        }
        try {
            String chain = event.requireString("chain");
            String site = event.requireString("site");
            String door = event.requireString("door");
            event.requireString("type");
            event.requireString("at");
            if (seq < 1) {
                throw ChainBreak.atSeq(seq, "seq must be 1 or more");
            }
            if (!CHAIN.matcher(chain).matches()) {
                throw ChainBreak.atSeq(seq, "chain is not 64 lower-case hex digits");
            }
            if (!Json.canonical(parsed).equals(json)) {
                throw ChainBreak.atSeq(seq, "json is not in canonical form (rewritten after it was recorded)");
            }
            Map<String, Object> withoutChain = new LinkedHashMap<>(event.members());
            withoutChain.remove("chain");
            return new LoggedEvent(seq, chain, site, door, json, Json.canonical(withoutChain));
        } catch (JsonException e) {
            throw ChainBreak.atSeq(seq, "not an event: " + e.getMessage());
        }
    }

    /** {@code site/door}, as the auditor's summary names a door. */
    public String doorName() {
        return site + "/" + door;
    }
}
