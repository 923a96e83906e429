package org.accessctl.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.accessctl.command.RecordSigner;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonLimits;
import org.accessctl.mqtt.MqttSettings;
import org.accessctl.records.RecordRefused;
import org.accessctl.mqtt.Topics;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * What {@code person}, {@code visit} and {@code schedule} share: the site's broker and topics from
 * the controller configuration ({@code --config}), the signer from {@code --key} and {@code --kid},
 * and checking records as a door would before signing and publishing them.
 */
final class RecordTool {

    final Topics topics;
    final MqttSettings broker;

    private RecordTool(Topics topics, MqttSettings broker) {
        this.topics = topics;
        this.broker = broker;
    }

    static RecordTool from(Options options, Properties system) throws UsageException {
        ControllerConfig config;
        try {
            config = ConfigLoader.load(Path.of(options.require("config")), system, Profile.DAEMON);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return new RecordTool(new Topics(config.mqttTopicPrefix(), config.siteId(), config.doorId()),
                OperatorBroker.settings(config));
    }

    /** The signer from {@code --key FILE} (PKCS#8 PEM, owner-only) and {@code --kid ID}. */
    static RecordSigner signer(Options options) throws UsageException {
        PrivateKey key = OperatorKeyFile.read(Path.of(options.require("key")));
        return new RecordSigner(key, options.require("kid"));
    }

    /** A kind of record as the tools publish it. */
    record Kind(String one, String many, String idField, Function<Topics, String> prefix, Decoder decoder,
                boolean indexed) {
    }

    /** The door's own decoder for the kind: the tool refuses what a door would. */
    interface Decoder {
        Object decode(String id, byte[] json) throws RecordRefused;
    }

    /**
     * Checks every record as a door would, then signs them all with one {@code iat} and publishes
     * them retained; the directory's index pages follow for an indexed kind.
     */
    void publish(RecordSigner signer, Kind kind, List<Map<String, Object>> records, SigningTime time, PrintStream out)
            throws UsageException, MqttException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Map<String, Object> record = records.get(i);
            if (!(record.get(kind.idField()) instanceof String id) || id.isBlank()) {
                throw new UsageException(kind.one() + " " + (i + 1) + ": no " + kind.idField());
            }
            try {
                kind.decoder().decode(id, Json.write(record).getBytes(StandardCharsets.UTF_8));
            } catch (RecordRefused e) {
                throw new UsageException(kind.one() + " " + id + ": " + e.getMessage());
            }
            ids.add(id);
        }
        String prefix = kind.prefix().apply(topics);
        long iat = time.iat(-1);
        try (RecordPublisher publisher = new RecordPublisher(broker)) {
            for (int i = 0; i < records.size(); i++) {
                publisher.publish(prefix + ids.get(i), signer.sign(records.get(i), iat).getBytes(StandardCharsets.US_ASCII));
            }
            if (kind.indexed()) {
                publisher.list(prefix, ids, List.of());
            }
        }
        if (ids.size() == 1) {
            out.println("published " + kind.one() + " " + ids.get(0) + " signed by " + signer.kid() + " ("
                    + prefix + ids.get(0) + ")");
        } else {
            out.println("published " + ids.size() + " " + kind.many() + " signed by " + signer.kid());
        }
    }

    /** Publishes the empty retained message that deletes a record, and takes it off the index. */
    void delete(Kind kind, String id, PrintStream out) throws MqttException {
        String prefix = kind.prefix().apply(topics);
        try (RecordPublisher publisher = new RecordPublisher(broker)) {
            publisher.publish(prefix + id, new byte[0]);
            if (kind.indexed()) {
                publisher.list(prefix, List.of(), List.of(id));
            }
        }
        out.println("deleted " + kind.one() + " " + id + " (" + prefix + id + ")");
    }

    /** One action of a record tool; its exit status. */
    interface Action {
        int run(String action, List<String> rest, SigningTime time) throws UsageException, MqttException;
    }

    /**
     * What {@code person}, {@code visit} and {@code schedule} do around an action: help, the
     * action's name checked, refusals printed with the tool's name, and exit statuses.
     */
    static int runActions(String tool, List<String> actions, String help, List<String> args, Clock clock,
                          PrintStream out, PrintStream err, Action run) {
        String choice = actions.size() == 1 ? actions.get(0)
                : String.join(", ", actions.subList(0, actions.size() - 1)) + " or " + actions.get(actions.size() - 1);
        if (args.isEmpty()) {
            err.println(tool + ": an action is needed: " + choice + " (--help)");
            return ExitStatus.USAGE;
        }
        if (Options.wantsHelp(args)) {
            out.println(help);
            return ExitStatus.OK;
        }
        String action = args.get(0);
        String name = tool + " " + action;
        if (!actions.contains(action)) {
            err.println(name + ": unknown action '" + action + "'; " + choice);
            return ExitStatus.USAGE;
        }
        SigningTime time = new SigningTime(clock);
        try {
            return run.run(action, args.subList(1, args.size()), time);
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

    /** Records from the user's JSON file: an array of them, or one. The tool signs with its own {@code iat}. */
    static List<Map<String, Object>> jsonRecords(Path file, String text, String kind) throws UsageException {
        Object parsed;
        try {
            // An import file of a whole site is far larger than one record; it is the user's own file.
            parsed = Json.parse(text, new JsonLimits(Integer.MAX_VALUE - 8, 8, 64 * 1024, 100));
        } catch (JsonException e) {
            throw new UsageException(file + " is not valid JSON: " + e.getMessage());
        }
        List<?> list = parsed instanceof List<?> l ? l : parsed instanceof Map<?, ?> ? List.of(parsed) : null;
        if (list == null) {
            throw new UsageException(file + " must hold a " + kind + " record or a JSON array of them");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new UsageException(file + ": every element must be a " + kind + " record (a JSON object)");
            }
            Map<String, Object> record = new LinkedHashMap<>();
            map.forEach((k, v) -> record.put((String) k, v));
            record.remove("iat");
            out.add(record);
        }
        return out;
    }

    /** A comma (or space) separated list; empty for none. */
    static List<String> list(String text) {
        List<String> out = new ArrayList<>();
        for (String item : text.split("[,\\s]+")) {
            if (!item.isBlank()) {
                out.add(item.strip());
            }
        }
        return out;
    }

    static boolean bool(String name, String text) throws UsageException {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw new UsageException("--" + name + " must be true or false, not " + text);
        };
    }
}
