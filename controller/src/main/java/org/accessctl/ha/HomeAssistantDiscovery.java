package org.accessctl.ha;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.json.Json;
import org.accessctl.mqtt.Topics;

/**
 * Home Assistant MQTT discovery for one door (contract section 8): retained configs under
 * {@code {prefix}/{component}/{site}-{door}/{object}/config} for the door contact, the lock, the
 * people inside, the alarms and the access events. Every entity reads the door's own
 * {@code state} and {@code events} topics and is available while {@code status} says
 * {@code online}. None has a {@code command_topic}: opening stays a signed command, so the lock
 * is a {@code binary_sensor} of class {@code lock} (Home Assistant's MQTT lock needs a command
 * topic).
 */
public final class HomeAssistantDiscovery {

    /** Event types Home Assistant's event entity accepts; others it would ignore. */
    static final List<String> EVENT_TYPES = List.of("access_granted", "access_denied", "escort_pending",
            "second_person_pending", "door_opened", "door_closed", "alarm_raised", "alarm_cleared", "visit_completed",
            "command_accepted", "command_rejected", "record_rejected", "sync_completed", "sync_refused", "disk_low",
            "disk_full", "disk_ok", "refusals_suppressed", "controller_started", "controller_stopping");

    /** One retained config message. */
    public record Config(String topic, String json) {
    }

    private final String prefix;
    private final Topics topics;
    private final String version;

    public HomeAssistantDiscovery(String prefix, Topics topics, String version) {
        this.prefix = prefix;
        this.topics = topics;
        this.version = version;
    }

    /** The configs, in the order they are published. */
    public List<Config> configs() {
        return List.of(
                config("binary_sensor", "door", "Door", Map.of(
                        "device_class", "door",
                        "state_topic", topics.state(),
                        "value_template", "{{ value_json.door }}",
                        "payload_on", "open",
                        "payload_off", "closed")),
                config("binary_sensor", "lock", "Lock", Map.of(
                        // Home Assistant's lock class: on means unlocked.
                        "device_class", "lock",
                        "state_topic", topics.state(),
                        "value_template", "{{ value_json.lock }}",
                        "payload_on", "unlocked",
                        "payload_off", "locked")),
                config("sensor", "people_inside", "People inside", Map.of(
                        "state_topic", topics.state(),
                        "value_template", "{{ value_json.occupants | count }}",
                        "unit_of_measurement", "people",
                        "icon", "mdi:account-multiple",
                        "json_attributes_topic", topics.state(),
                        "json_attributes_template", "{{ {'occupants': value_json.occupants} | tojson }}")),
                config("binary_sensor", "alarm", "Alarm", Map.of(
                        "device_class", "problem",
                        "state_topic", topics.state(),
                        "value_template", "{{ 'ON' if value_json.alarms else 'OFF' }}",
                        "payload_on", "ON",
                        "payload_off", "OFF",
                        "json_attributes_topic", topics.state(),
                        "json_attributes_template", "{{ {'alarms': value_json.alarms} | tojson }}")),
                config("event", "access", "Access", Map.of(
                        "state_topic", topics.events(),
                        "event_types", EVENT_TYPES,
                        // The door's event, with its type as the event_type Home Assistant reads.
                        "value_template", "{{ dict(value_json, event_type=value_json.type) | tojson }}",
                        "icon", "mdi:badge-account")));
    }

    private Config config(String component, String object, String name, Map<String, Object> fields) {
        String node = topics.site() + "-" + topics.door();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("unique_id", "accessctl-" + node + "-" + object);
        c.putAll(fields);
        c.put("availability_topic", topics.status());
        c.put("payload_available", "online");
        c.put("payload_not_available", "offline");
        c.put("qos", 1);
        c.put("device", device(node));
        return new Config(prefix + "/" + component + "/" + node + "/" + object + "/config", Json.write(c));
    }

    private Map<String, Object> device(String node) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("identifiers", List.of("accessctl-" + node));
        d.put("name", "Door " + topics.door() + " (" + topics.site() + ")");
        d.put("manufacturer", "accessctl");
        d.put("model", "server-room door controller");
        d.put("sw_version", version);
        return d;
    }
}
