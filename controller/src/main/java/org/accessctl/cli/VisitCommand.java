package org.accessctl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.accessctl.command.RecordSigner;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;
import org.accessctl.records.RecordRefused;
import org.accessctl.records.VisitRecords;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code visit approve|revoke}: the approver's tool (SOP step 3: the supervisor decides). Signs a
 * visit with the approver's own key, {@code kid} and {@code approvedBy} both their personId, and
 * publishes it retained at QoS 1 on {@code P/S/visits/ID}. {@code revoke} reads the visit the
 * broker retains and republishes it with {@code status: revoked}, signed, later than the copy it
 * replaces.
 */
public final class VisitCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar visit approve --config FILE --key FILE --kid PERSON-ID --id VISIT-ID
                       --visitor NAME --badge UID --from TIME --until TIME [--organization TEXT]
                       [--purpose TEXT] [--escorts P,P] [--doors D,D] [--devices "DESCRIPTION:SERIAL,..."]
                       [--approved-by PERSON-ID]
                   java -jar door-controller.jar visit revoke --config FILE --key FILE --kid PERSON-ID --id VISIT-ID
                       [--status revoked|cancelled]

            approve: signs the visit with the approver's Ed25519 key (--key, PKCS#8 PEM; --kid, the
            approver's personId, who must be an active person with the approver role and that key's
            publicKey) and publishes it retained at QoS 1 to the broker in the controller configuration
            FILE. TIME is ISO-8601 with offset (2026-11-23T09:00:00+07:00). --escorts empty: any escort.
            --approved-by, if given, must be --kid: a door accepts a visit only signed by its approver.
            revoke: reads the visit the broker retains, and republishes it with status revoked (or
            --status cancelled), signed by --kid, who becomes its approvedBy.
            Exit 0 when published, 1 when the broker failed or holds no such visit, 2 on bad usage.""";

    /** How long revoke waits for the retained visit; a broker sends it at once. */
    static final Duration RETAINED_WAIT = Duration.ofSeconds(5);

    private VisitCommand() {
    }

    public static int run(List<String> args, Properties system, Clock clock, PrintStream out, PrintStream err) {
        return RecordTool.runActions("visit", List.of("approve", "revoke"), HELP, args, clock, out, err, (action, rest, time) -> {
            switch (action) {
                case "approve" -> {
                    Options options = Options.parse(rest, Set.of("config", "key", "kid", "id", "visitor", "badge",
                            "from", "until", "organization", "purpose", "escorts", "doors", "devices", "approved-by"));
                    RecordTool tool = RecordTool.from(options, system);
                    RecordSigner signer = RecordTool.signer(options);
                    Map<String, Object> visit = fromFlags(options, signer.kid());
                    String id = (String) visit.get("visitId");
                    check(id, visit);
                    try (RecordPublisher publisher = new RecordPublisher(tool.broker)) {
                        publisher.publish(tool.topics.visitsPrefix() + id,
                                signer.sign(visit, time.iat(-1)).getBytes(StandardCharsets.US_ASCII));
                        publisher.list(tool.topics.visitsPrefix(), List.of(id), List.of());
                    }
                    out.println("published visit " + id + " approved by " + signer.kid() + " ("
                            + tool.topics.visitsPrefix() + id + ")");
                }
                case "revoke" -> {
                    Options options = Options.parse(rest, Set.of("config", "key", "kid", "id", "status", "timeout"));
                    RecordTool tool = RecordTool.from(options, system);
                    RecordSigner signer = RecordTool.signer(options);
                    String id = options.require("id");
                    String status = options.optional("status").orElse("revoked");
                    if (!status.equals("revoked") && !status.equals("cancelled")) {
                        throw new UsageException("--status must be revoked or cancelled, not " + status);
                    }
                    Duration wait = Duration.ofSeconds(options.integer("timeout", (int) RETAINED_WAIT.toSeconds(), 1, 600));
                    try (RecordPublisher publisher = new RecordPublisher(tool.broker)) {
                        String topic = tool.topics.visitsPrefix() + id;
                        Optional<byte[]> retained = publisher.retained(topic, wait);
                        if (retained.isEmpty()) {
                            err.println("visit revoke: the broker holds no visit " + id + " (" + topic + ")");
                            return ExitStatus.REFUSED;
                        }
                        Map<String, Object> visit = members(retained.get(), id);
                        long previousIat = visit.get("iat") instanceof Number n ? n.longValue() : -1;
                        visit.remove("iat");
                        Object previousApprover = visit.get("approvedBy");
                        visit.put("status", status);
                        visit.put("approvedBy", signer.kid());
                        check(id, visit);
                        publisher.publish(topic, signer.sign(visit, time.iat(previousIat)).getBytes(StandardCharsets.US_ASCII));
                        publisher.list(tool.topics.visitsPrefix(), List.of(id), List.of());
                        out.println("published visit " + id + " " + status + " by " + signer.kid()
                                + (signer.kid().equals(previousApprover) ? "" : " (approved by " + previousApprover + ")")
                                + " (" + topic + ")");
                    }
                }
            }
            return ExitStatus.OK;
        });
    }

    private static Map<String, Object> fromFlags(Options o, String kid) throws UsageException {
        String approvedBy = o.optional("approved-by").orElse(kid);
        if (!approvedBy.equals(kid)) {
            throw new UsageException("--approved-by " + approvedBy + " is not --kid " + kid
                    + ": a door accepts a visit only signed by the approver it names");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("visitId", o.require("id"));
        v.put("status", "approved");
        v.put("visitorName", o.require("visitor"));
        o.optional("organization").ifPresent(x -> v.put("organization", x));
        o.optional("purpose").ifPresent(x -> v.put("purpose", x));
        v.put("badgeUid", o.require("badge").strip().toUpperCase(Locale.ROOT));
        v.put("validFrom", o.require("from").strip());
        v.put("validUntil", o.require("until").strip());
        v.put("escorts", RecordTool.list(o.optional("escorts").orElse("")));
        List<String> doors = RecordTool.list(o.optional("doors").orElse(""));
        if (!doors.isEmpty()) {
            v.put("doors", doors);
        }
        v.put("approvedBy", approvedBy);
        List<Map<String, Object>> devices = new ArrayList<>();
        for (String device : o.optional("devices").orElse("").split(",")) {
            if (device.isBlank()) {
                continue;
            }
            int colon = device.lastIndexOf(':');
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("description", (colon < 0 ? device : device.substring(0, colon)).strip());
            if (colon >= 0 && !device.substring(colon + 1).isBlank()) {
                d.put("serial", device.substring(colon + 1).strip());
            }
            devices.add(d);
        }
        if (!devices.isEmpty()) {
            v.put("devices", devices);
        }
        return v;
    }

    /** A door would refuse it: say so now, naming the field. */
    private static void check(String id, Map<String, Object> visit) throws UsageException {
        try {
            VisitRecords.decode(id, Json.write(visit).getBytes(StandardCharsets.UTF_8));
        } catch (RecordRefused e) {
            throw new UsageException("visit " + id + ": " + e.getMessage());
        }
    }

    /** The retained visit's members: its JSON, or the payload of its JWS (read, not verified: the door verifies). */
    private static Map<String, Object> members(byte[] payload, String id) throws UsageException {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        try {
            if (!text.startsWith("{")) {
                String[] parts = text.split("\\.", -1);
                if (parts.length != 3) {
                    throw new UsageException("the broker's visit " + id + " is neither JSON nor a compact JWS");
                }
                text = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            }
            return new LinkedHashMap<>(JsonObject.parseBytes(text.getBytes(StandardCharsets.UTF_8)).members());
        } catch (IllegalArgumentException e) { // bad base64 or bad JSON (JsonException is one)
            throw new UsageException("the broker's visit " + id + " cannot be read: " + e.getMessage());
        }
    }
}
