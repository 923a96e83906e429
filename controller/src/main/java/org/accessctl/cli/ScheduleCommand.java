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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accessctl.records.ScheduleRecords;
import org.accessctl.mqtt.Topics;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code schedule put|delete}: the directory's tool for schedules (contract section 10). Builds a
 * schedule from flags, or takes it from a JSON file, checks it as a door would, signs it with the
 * directory key and publishes it retained on {@code P/S/schedules/ID}.
 */
public final class ScheduleCommand {

    static final String HELP = """
            usage: java -jar door-controller.jar schedule put --config FILE --key FILE --kid KID --id ID
                       --timezone ZONE --windows "DAYS HH:MM-HH:MM; ..." [--closed DATE,DATE]
                   java -jar door-controller.jar schedule put --config FILE --key FILE --kid KID --file FILE
                   java -jar door-controller.jar schedule delete --config FILE --id ID

            put: signs the schedule with the directory key and publishes it retained at QoS 1 to the
            site's broker. --timezone: the site's zone, such as Asia/Jakarta (daylight saving follows
            it). --windows: when the door opens for the persons who name the schedule, separated by
            ';'; DAYS is mon..sun, a range (mon-fri) or a list (mon,wed,sat); a window whose end is
            not after its start runs past midnight (22:00-06:00); 24:00 is the end of a day.
            --closed: dates (2026-12-25) on which it does not open at all.
            --file: one schedule record in JSON, or an array of them, as contract section 10 shows
            (dates with their own windows: "exceptions": [{"date": ..., "windows": [...]}]).
            delete: publishes the empty retained message that deletes the schedule; persons who name
            a schedule a door does not hold are refused (outside_schedule), never let in.
            Exit 0 when published, 1 when the broker failed, 2 on bad usage or a bad schedule.""";

    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final Pattern WINDOW = Pattern.compile("\\s*(\\S+)\\s+(\\d\\d:\\d\\d)\\s*-\\s*(\\d\\d:\\d\\d)\\s*");
    private static final RecordTool.Kind SCHEDULES = new RecordTool.Kind("schedule", "schedules", "scheduleId",
            Topics::schedulesPrefix, ScheduleRecords::decode, false);

    private ScheduleCommand() {
    }

    public static int run(List<String> args, Properties system, Clock clock, PrintStream out, PrintStream err) {
        return RecordTool.runActions("schedule", List.of("put", "delete"), HELP, args, clock, out, err, (action, rest, time) -> {
            Options options = Options.parse(rest, Set.of("config", "key", "kid", "id", "timezone", "windows", "closed", "file"));
            switch (action) {
                case "put" -> {
                    List<Map<String, Object>> records = options.optional("file").isPresent()
                            ? fromFile(Path.of(options.require("file"))) : List.of(fromFlags(options));
                    RecordTool.from(options, system).publish(RecordTool.signer(options), SCHEDULES, records, time, out);
                }
                case "delete" -> RecordTool.from(options, system).delete(SCHEDULES, options.require("id"), out);
            }
            return ExitStatus.OK;
        });
    }

    private static List<Map<String, Object>> fromFile(Path file) throws UsageException {
        try {
            return RecordTool.jsonRecords(file, Files.readString(file, StandardCharsets.UTF_8), "schedule");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static Map<String, Object> fromFlags(Options o) throws UsageException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scheduleId", o.require("id"));
        s.put("timezone", o.require("timezone").strip());
        List<Object> windows = new ArrayList<>();
        for (String spec : o.require("windows").split(";")) {
            if (spec.isBlank()) {
                continue;
            }
            Matcher m = WINDOW.matcher(spec);
            if (!m.matches()) {
                throw new UsageException("--windows: \"" + spec.strip() + "\" is not DAYS HH:MM-HH:MM, such as mon-fri 07:30-17:00");
            }
            windows.add(Map.of("days", days(m.group(1)), "from", m.group(2), "to", m.group(3)));
        }
        s.put("windows", windows);
        List<Object> closed = new ArrayList<>();
        for (String date : RecordTool.list(o.optional("closed").orElse(""))) {
            closed.add(Map.of("date", date, "closed", true));
        }
        if (!closed.isEmpty()) {
            s.put("exceptions", closed);
        }
        return s;
    }

    /** {@code mon-fri}, {@code sat,sun}, {@code mon-wed,fri}: the day names a record lists. */
    private static List<String> days(String text) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.split("-", 2);
            int from = DAYS.indexOf(range[0]);
            int to = range.length == 2 ? DAYS.indexOf(range[1]) : from;
            if (from < 0 || to < from) {
                throw new UsageException("--windows: \"" + part + "\" is not a day (" + String.join(", ", DAYS)
                        + ") or a range of days such as mon-fri");
            }
            for (int d = from; d <= to; d++) {
                if (!out.contains(DAYS.get(d))) {
                    out.add(DAYS.get(d));
                }
            }
        }
        return out;
    }
}
