package org.accessctl.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.accessctl.command.RecordSigner;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.mqtt.PersonRecords;
import org.accessctl.mqtt.RecordRefused;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code person put|delete|import}: the directory's tool. Builds a person record from flags (or
 * many from a file), checks it as a door would, signs it with the directory key (contract section
 * 7) and publishes it retained at QoS 1 on {@code P/S/personnel/ID}, so nobody writes JSON or a
 * JWS by hand. {@code delete} publishes the zero-length retained message that deletes.
 */
public final class PersonCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar person put --config FILE --key FILE --kid KID --id ID
                       [--name TEXT] [--badge UID] [--roles R,R] [--active true|false] [--doors D,D]
                       [--public-key BASE64]
                   java -jar door-controller.jar person import --config FILE --key FILE --kid KID --file FILE
                   java -jar door-controller.jar person delete --config FILE --id ID

            put: signs the person record with the directory key (--key, PKCS#8 PEM; --kid, its name in
            the doors' records.directoryKeys file) and publishes it retained at QoS 1 to the site's
            broker named in the controller configuration FILE. --roles: access, escort, operator,
            approver (comma separated; default none); --active defaults to true; --doors empty means
            every door; --public-key is the publicKey keygen printed (operators and approvers).
            import: the same for every person in FILE: a JSON array of person records, or a CSV file
            (.csv) whose header names the fields (personId,name,badgeUid,roles,active,doors,publicKey;
            roles and doors separated by spaces or ';'). Every record is checked before any is sent.
            delete: publishes the empty retained message that deletes the person (needs no key).
            Exit 0 when published, 1 when the broker failed, 2 on bad usage or a bad record.""";

    private static final Set<String> PUT = Set.of("config", "key", "kid", "id", "name", "badge", "roles", "active",
            "doors", "public-key");

    private PersonCommand() {
    }

    public static int run(List<String> args, Properties system, Clock clock, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println("person: an action is needed: put, import or delete (--help)");
            return ExitStatus.USAGE;
        }
        if (Options.wantsHelp(args)) {
            out.println(HELP);
            return ExitStatus.OK;
        }
        String action = args.get(0);
        List<String> rest = args.subList(1, args.size());
        String name = "person " + action;
        SigningTime time = new SigningTime(clock);
        try {
            switch (action) {
                case "put" -> {
                    Options options = Options.parse(rest, PUT);
                    Map<String, Object> record = fromFlags(options);
                    publish(RecordTool.from(options, system), RecordTool.signer(options), List.of(record), time, out);
                }
                case "import" -> {
                    Options options = Options.parse(rest, Set.of("config", "key", "kid", "file"));
                    List<Map<String, Object>> records = fromFile(Path.of(options.require("file")));
                    publish(RecordTool.from(options, system), RecordTool.signer(options), records, time, out);
                }
                case "delete" -> {
                    // --key and --kid are accepted so that scripts can pass the same options to every action.
                    Options options = Options.parse(rest, Set.of("config", "id", "key", "kid"));
                    String id = options.require("id");
                    RecordTool tool = RecordTool.from(options, system);
                    try (RecordPublisher publisher = new RecordPublisher(tool.broker)) {
                        publisher.publish(tool.topics.personnelPrefix() + id, new byte[0]);
                        publisher.list(tool.topics.personnelPrefix(), List.of(), List.of(id));
                    }
                    out.println("deleted person " + id + " (" + tool.topics.personnelPrefix() + id + ")");
                }
                default -> throw new UsageException("unknown action '" + action + "'; put, import or delete");
            }
            return ExitStatus.OK;
        } catch (UsageException e) {
            err.println(name + ": " + e.getMessage());
            return ExitStatus.USAGE;
        } catch (MqttException e) {
            err.println(name + ": broker: " + e.getMessage());
            return ExitStatus.REFUSED;
        } finally {
            time.waitPastSigned();
        }
    }

    /** Checks every record as a door would, then signs and publishes them all. */
    private static void publish(RecordTool tool, RecordSigner signer, List<Map<String, Object>> records,
                                SigningTime time, PrintStream out) throws UsageException, MqttException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = records.get(i);
            Object id = record.get("personId");
            if (!(id instanceof String) || ((String) id).isBlank()) {
                throw new UsageException("person " + (i + 1) + ": no personId");
            }
            check((String) id, record);
            ids.add((String) id);
        }
        long iat = time.iat(-1);
        try (RecordPublisher publisher = new RecordPublisher(tool.broker)) {
            for (int i = 0; i < records.size(); i++) {
                publisher.publish(tool.topics.personnelPrefix() + ids.get(i),
                        signer.sign(records.get(i), iat).getBytes(StandardCharsets.US_ASCII));
            }
            publisher.list(tool.topics.personnelPrefix(), ids, List.of());
        }
        if (ids.size() == 1) {
            out.println("published person " + ids.get(0) + " signed by " + signer.kid() + " ("
                    + tool.topics.personnelPrefix() + ids.get(0) + ")");
        } else {
            out.println("published " + ids.size() + " persons signed by " + signer.kid());
        }
    }

    /** A door would refuse it: say so now, naming the field, rather than after publishing. */
    private static void check(String id, Map<String, Object> record) throws UsageException {
        try {
            PersonRecords.decode(id, Json.write(record).getBytes(StandardCharsets.UTF_8));
        } catch (RecordRefused e) {
            throw new UsageException("person " + id + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> fromFlags(Options o) throws UsageException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("personId", o.require("id"));
        o.optional("name").ifPresent(v -> p.put("name", v));
        o.optional("badge").filter(v -> !v.isBlank()).ifPresent(v -> p.put("badgeUid", v.strip().toUpperCase(Locale.ROOT)));
        p.put("roles", RecordTool.list(o.optional("roles").orElse("")));
        p.put("active", RecordTool.bool("active", o.optional("active").orElse("true")));
        List<String> doors = RecordTool.list(o.optional("doors").orElse(""));
        if (!doors.isEmpty()) {
            p.put("doors", doors);
        }
        o.optional("public-key").filter(v -> !v.isBlank()).ifPresent(v -> p.put("publicKey", v.strip()));
        return p;
    }

    static List<Map<String, Object>> fromFile(Path file) throws UsageException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Map<String, String> row : CsvRows.parse(text)) {
                out.add(fromCsv(row));
            }
            return out;
        }
        Object parsed;
        try {
            // An import file of a whole site is far larger than one record; it is the user's own file.
            parsed = Json.parse(text, new org.accessctl.json.JsonLimits(Integer.MAX_VALUE - 8, 8, 64 * 1024, 100));
        } catch (JsonException e) {
            throw new UsageException(file + " is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof List<?> list)) {
            throw new UsageException(file + " must hold a JSON array of person records");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new UsageException(file + ": every element must be a person record (a JSON object)");
            }
            Map<String, Object> record = new LinkedHashMap<>();
            map.forEach((k, v) -> record.put((String) k, v));
            record.remove("iat"); // the tool signs with its own
            out.add(record);
        }
        return out;
    }

    private static Map<String, Object> fromCsv(Map<String, String> row) throws UsageException {
        Map<String, Object> p = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : row.entrySet()) {
            String value = e.getValue().strip();
            switch (e.getKey()) {
                case "roles", "doors" -> {
                    List<String> items = new ArrayList<>();
                    for (String item : value.split("[;\\s]+")) {
                        if (!item.isBlank()) {
                            items.add(item);
                        }
                    }
                    if (!items.isEmpty() || e.getKey().equals("roles")) {
                        p.put(e.getKey(), items);
                    }
                }
                case "active" -> p.put("active", RecordTool.bool("active (CSV)", value.isEmpty() ? "true" : value));
                default -> {
                    if (!value.isEmpty()) {
                        p.put(e.getKey(), value);
                    }
                }
            }
        }
        if (!p.containsKey("active")) {
            p.put("active", true);
        }
        return p;
    }
}
