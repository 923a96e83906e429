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
import org.accessctl.records.PersonRecords;
import org.accessctl.mqtt.Topics;
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
                       [--public-key BASE64] [--schedule ID]
                   java -jar door-controller.jar person import --config FILE --key FILE --kid KID --file FILE
                   java -jar door-controller.jar person delete --config FILE --id ID

            put: signs the person record with the directory key (--key, PKCS#8 PEM; --kid, its name in
            the doors' records.directoryKeys file) and publishes it retained at QoS 1 to the site's
            broker named in the controller configuration FILE. --roles: access, escort, operator,
            approver (comma separated; default none); --active defaults to true; --doors empty means
            every door; --public-key is the publicKey keygen printed (operators and approvers);
            --schedule names the schedule (see: schedule --help) outside which the badge is refused.
            import: the same for every person in FILE: a JSON array of person records, or a CSV file
            (.csv) whose header names the fields (personId,name,badgeUid,roles,active,doors,publicKey,schedule;
            roles and doors separated by spaces or ';'). Every record is checked before any is sent.
            delete: publishes the empty retained message that deletes the person (needs no key).
            Exit 0 when published, 1 when the broker failed, 2 on bad usage or a bad record.""";

    private static final Set<String> PUT = Set.of("config", "key", "kid", "id", "name", "badge", "roles", "active",
            "doors", "public-key", "schedule");

    private static final RecordTool.Kind PERSONS = new RecordTool.Kind("person", "persons", "personId", Topics::personnelPrefix,
            PersonRecords::decode, true);

    private PersonCommand() {
    }

    public static int run(List<String> args, Properties system, Clock clock, PrintStream out, PrintStream err) {
        return RecordTool.runActions("person", List.of("put", "import", "delete"), HELP, args, clock, out, err, (action, rest, time) -> {
            switch (action) {
                case "put" -> {
                    Options options = Options.parse(rest, PUT);
                    Map<String, Object> record = fromFlags(options);
                    RecordTool.from(options, system).publish(RecordTool.signer(options), PERSONS, List.of(record), time, out);
                }
                case "import" -> {
                    Options options = Options.parse(rest, Set.of("config", "key", "kid", "file"));
                    List<Map<String, Object>> records = fromFile(Path.of(options.require("file")));
                    RecordTool.from(options, system).publish(RecordTool.signer(options), PERSONS, records, time, out);
                }
                case "delete" -> {
                    // --key and --kid are accepted so that scripts can pass the same options to every action.
                    Options options = Options.parse(rest, Set.of("config", "id", "key", "kid"));
                    RecordTool.from(options, system).delete(PERSONS, options.require("id"), out);
                }
            }
            return ExitStatus.OK;
        });
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
        o.optional("schedule").filter(v -> !v.isBlank()).ifPresent(v -> p.put("schedule", v.strip()));
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
        return RecordTool.jsonRecords(file, text, "person");
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
