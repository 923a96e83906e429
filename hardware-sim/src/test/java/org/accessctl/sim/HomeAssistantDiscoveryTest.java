package org.accessctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accessctl.json.Json;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door's Home Assistant discovery configs, as a real Paho client receives them from
 * Mosquitto, checked against the fields Home Assistant documents for each component
 * (src/test/resources/home-assistant), and against the door's own state and events: every field
 * a template reads is in the real payloads, and the values the door publishes are the ones the
 * configs name.
 */
class HomeAssistantDiscoveryTest {

    private static final String DOOR = "accessctl/main/doors/door-1/";
    private static final Pattern TOPIC = Pattern.compile("homeassistant/(binary_sensor|sensor|event)/main-door-1/([a-zA-Z0-9_-]+)/config");
    private static final Pattern FIELD = Pattern.compile("value_json\\.([A-Za-z_]+)");

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private Simulator sim;
    private EventWatcher early;
    private EventWatcher late;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {late, early, sim, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> documented() throws Exception {
        try (InputStream in = HomeAssistantDiscoveryTest.class.getResourceAsStream("/home-assistant/mqtt-discovery-fields.json")) {
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void homeAssistantWouldDiscoverTheDoorFromItsOwnTopics() throws Exception {
        broker = MosquittoProcess.start();
        early = new EventWatcher(broker.url(), DOOR + "#");
        sim = Simulator.withBroker(dir, broker.url());
        early.await("/status", r -> r.payload().equals("online"), Await.DEFAULT);
        sim.tap("entry", "FFFFFFFFFF");
        early.awaitEvent("access_denied", Map.of("reason", "unknown_badge"));
        sim.call("/api/door/open", "{}");
        early.await("/state", r -> r.payload().contains("\"door\":\"open\""), Await.DEFAULT);

        // A subscriber that comes later gets the configs as retained messages, as Home Assistant does.
        late = new EventWatcher(broker.url(), "homeassistant/#");
        Await.until(Duration.ofSeconds(10), () -> late.received().size() >= 5, () -> "5 configs; got " + late.received());
        List<EventWatcher.Received> configs = late.received();
        assertEquals(5, configs.size(), configs.toString());

        Map<String, Object> docs = documented();
        Map<String, Object> state = early.received().stream().filter(r -> r.topic().equals(DOOR + "state"))
                .reduce((a, b) -> b).orElseThrow().json();
        List<Map<String, Object>> events = early.events();
        Set<String> uniqueIds = new HashSet<>();
        Set<Object> devices = new HashSet<>();
        Set<String> objects = new TreeSet<>();
        for (EventWatcher.Received r : configs) {
            Matcher topic = TOPIC.matcher(r.topic());
            assertTrue(topic.matches(), "discovery topic " + r.topic());
            assertTrue(r.retained(), r.topic() + " must be retained");
            String component = topic.group(1);
            objects.add(component + "/" + topic.group(2));
            Map<String, Object> config = r.json();
            Map<String, Object> fields = (Map<String, Object>) docs.get(component);

            // Only documented fields, of their documented types; the required ones present.
            for (Map.Entry<String, Object> f : config.entrySet()) {
                Map<String, Object> doc = (Map<String, Object>) fields.get(f.getKey());
                assertTrue(doc != null, component + " has no documented field " + f.getKey());
                assertType(component + "." + f.getKey(), (String) doc.get("type"), f.getValue());
            }
            fields.forEach((name, doc) -> {
                if (Boolean.TRUE.equals(((Map<String, Object>) doc).get("required"))) {
                    assertTrue(config.containsKey(name), component + " requires " + name);
                }
            });
            assertFalse(config.containsKey("command_topic"), "opening stays signed: no command_topic");

            Map<String, Object> device = (Map<String, Object>) config.get("device");
            Map<String, Object> deviceFields = (Map<String, Object>) docs.get("device");
            device.forEach((k, v) -> {
                assertTrue(deviceFields.containsKey(k), "device field " + k);
                assertType("device." + k, (String) ((Map<String, Object>) deviceFields.get(k)).get("type"), v);
            });
            devices.add(device.get("identifiers"));
            assertTrue(uniqueIds.add((String) config.get("unique_id")), "unique_id unique: " + config.get("unique_id"));

            // Availability is the door's status, which says what the config expects.
            assertEquals(DOOR + "status", config.get("availability_topic"));
            assertEquals(config.get("payload_available"), early.received().stream()
                    .filter(m -> m.topic().equals(DOOR + "status")).reduce((a, b) -> b).orElseThrow().payload());

            // Every field a template reads is in the door's own payload on that topic.
            String stateTopic = (String) config.get("state_topic");
            for (String template : List.of("value_template", "json_attributes_template")) {
                if (!config.containsKey(template)) {
                    continue;
                }
                Matcher m = FIELD.matcher((String) config.get(template));
                while (m.find()) {
                    String field = m.group(1);
                    if (stateTopic.equals(DOOR + "state")) {
                        assertTrue(state.containsKey(field), template + " reads " + field + ", not in state " + state);
                    } else {
                        assertEquals(DOOR + "events", stateTopic);
                        events.forEach(e -> assertTrue(e.containsKey(field), template + " reads " + field + " of " + e));
                    }
                }
            }
            if (component.equals("binary_sensor")) {
                List<Object> classes = (List<Object>) docs.get("binary_sensor_device_classes");
                assertTrue(classes.contains(config.get("device_class")), "device_class " + config.get("device_class"));
                Matcher plain = Pattern.compile("\\{\\{ value_json\\.([a-z]+) }}").matcher((String) config.get("value_template"));
                if (plain.matches()) {
                    // The door's value is one of the two payloads the sensor compares with.
                    Object value = state.get(plain.group(1));
                    assertTrue(value.equals(config.get("payload_on")) || value.equals(config.get("payload_off")),
                            plain.group(1) + " = " + value + " is neither payload_on nor payload_off of " + config);
                }
            }
            if (component.equals("event")) {
                List<Object> types = (List<Object>) config.get("event_types");
                events.forEach(e -> assertTrue(types.contains(e.get("type")), "event_types lacks " + e.get("type")));
            }
        }
        assertEquals(Set.of("binary_sensor/alarm", "binary_sensor/door", "binary_sensor/lock", "event/access",
                "sensor/people_inside"), objects);
        assertEquals(1, devices.size(), "one device for the door");

        Map<String, Object> door = configs.stream().filter(r -> r.topic().contains("/door/")).findFirst().orElseThrow().json();
        assertEquals("door", door.get("device_class"));
        assertEquals("open", door.get("payload_on"), "the door opened above reads as on");
        assertEquals("open", state.get("door"));
        Map<String, Object> alarm = configs.stream().filter(r -> r.topic().contains("/alarm/")).findFirst().orElseThrow().json();
        assertEquals("problem", alarm.get("device_class"));
    }

    private static void assertType(String what, String type, Object value) {
        switch (type) {
            case "string", "template", "icon", "device_class" -> assertInstanceOf(String.class, value, what);
            case "list" -> assertInstanceOf(List.class, value, what);
            case "map" -> assertInstanceOf(Map.class, value, what);
            case "boolean" -> assertInstanceOf(Boolean.class, value, what);
            case "integer" -> assertTrue(value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()), what);
            default -> throw new AssertionError("unknown documented type " + type);
        }
    }
}
