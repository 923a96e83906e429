package org.accessctl.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.accessctl.json.Json;
import org.accessctl.json.JsonException;
import org.accessctl.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's control API on 127.0.0.1 (contract section 5), plus the door panel page. Every
 * path that acts on a door exists for each door as {@code /api/doors/{doorId}/…}; the plain
 * paths act on the first door ({@code door-1}).
 * Every call acts on the simulated world (serial lines, pins, clock), never on the controller's
 * insides, so what a test or technician does here is what a person at a real door would do.
 */
final class SimHttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimHttpApi.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final String DOORS = "/api/doors/";
    private static final long MAX_ADVANCE_SECONDS = 366L * 24 * 3600;
    /** A date stepped by up to 50 years either way: from 1970 after a cold boot to today, and back. */
    private static final long MAX_STEP_SECONDS = 50L * 366 * 24 * 3600;

    private final SimulatedSite site;
    private final PanelFeed panel;
    private final HttpServer server;
    private final ExecutorService executor;

    SimHttpApi(SimulatedSite site, PanelFeed panel, int port) throws IOException {
        this.site = site;
        this.panel = panel;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "sim-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A refusal the caller can fix: answered with its status and {@code {"error": ...}}. */
    private static final class BadRequest extends Exception {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange x) throws IOException {
        if (x.getRequestURI().getPath().equals("/api/panel/stream") && x.getRequestMethod().equals("GET")) {
            // Stays open after this returns: the panel's feed writes to it from its own thread.
            if (!panel.open(x)) {
                try (x) {
                    answer(x, 503, Map.of("error", "too many panels open (at most " + PanelFeed.MAX_STREAMS + ")"));
                }
            }
            return;
        }
        try (x) {
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            try {
                route(x, method, path);
            } catch (BadRequest e) {
                answer(x, e.status, Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                log.error("simulator API {} {} failed", method, path, e);
                answer(x, 500, Map.of("error", "internal error: " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange x, String method, String path) throws IOException, BadRequest {
        sameOrigin(x);
        if (path.equals("/") || path.equals("/index.html")) {
            expect(method, "GET");
            page(x);
        } else if (path.equals("/api/panel")) {
            expect(method, "GET");
            answerJson(x, 200, panel.snapshot());
        } else if (path.equals("/api/doors")) {
            expect(method, "GET");
            answer(x, 200, Map.of("doors", site.doors().stream().map(SimulatedDoor::id).toList()));
        } else if (path.startsWith(DOORS)) {
            // /api/doors/{doorId}/rest is /api/rest of that door
            String rest = path.substring(DOORS.length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? rest : rest.substring(0, slash);
            SimulatedDoor door = site.door(id).orElseThrow(() -> new BadRequest(404, "no door '" + id
                    + "' in this simulator: expected one of " + site.doors().stream().map(SimulatedDoor::id).toList()));
            if (slash < 0 || !doorRoute(x, door, method, "/api" + rest.substring(slash))) {
                throw new BadRequest(404, "no such resource: " + path);
            }
        } else if (!doorRoute(x, site.doors().get(0), method, path)) {
            throw new BadRequest(404, "no such resource: " + path);
        }
    }

    /** The paths that act on one door; false if {@code path} is none of them. */
    private boolean doorRoute(HttpExchange x, SimulatedDoor door, String method, String path)
            throws IOException, BadRequest {
        if (path.equals("/api/state")) {
            expect(method, "GET");
            answer(x, 200, state(door));
        } else if (path.startsWith("/api/readers/")) {
            expect(method, "POST");
            reader(x, door, path.substring("/api/readers/".length()));
        } else if (path.equals("/api/door/open")) {
            expect(method, "POST");
            door.pins().openDoor();
            answer(x, 200, state(door));
        } else if (path.equals("/api/door/close")) {
            expect(method, "POST");
            door.pins().closeDoor();
            answer(x, 200, state(door));
        } else if (path.equals("/api/rex")) {
            expect(method, "POST");
            door.pins().pressExitButton();
            answer(x, 200, state(door));
        } else if (path.equals("/api/clock/advance")) {
            expect(method, "POST");
            advance(x, door);
        } else if (path.equals("/api/clock/step")) {
            expect(method, "POST");
            step(x, door);
        } else {
            return false;
        }
        return true;
    }

    private void reader(HttpExchange x, SimulatedDoor door, String rest) throws IOException, BadRequest {
        String[] parts = rest.split("/", -1);
        if (parts.length != 2) {
            throw new BadRequest(404, "expected /api/readers/{entry|exit}/{tap|raw}");
        }
        SimulatedReader reader = door.reader(parts[0]);
        if (reader == null) {
            throw new BadRequest(404, "no reader '" + parts[0] + "': expected entry or exit");
        }
        JsonObject body = body(x);
        try {
            switch (parts[1]) {
                case "tap" -> {
                    String uid = body.requireString("uid");
                    byte[] frame;
                    try {
                        frame = reader.tap(uid);
                    } catch (IllegalArgumentException e) {
                        throw new BadRequest(400, e.getMessage());
                    }
                    answer(x, 200, Map.of("reader", reader.name(), "written", HexFormat.of().formatHex(frame)));
                }
                case "raw" -> {
                    byte[] bytes;
                    try {
                        bytes = HexFormat.of().parseHex(body.requireString("hex").replace(" ", ""));
                    } catch (IllegalArgumentException e) {
                        throw new BadRequest(400, "field \"hex\": expected pairs of hex digits");
                    }
                    reader.raw(bytes);
                    answer(x, 200, Map.of("reader", reader.name(), "written", HexFormat.of().formatHex(bytes)));
                }
                default -> throw new BadRequest(404, "no reader action '" + parts[1] + "': expected tap or raw");
            }
        } catch (JsonException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }

    private void advance(HttpExchange x, SimulatedDoor door) throws IOException, BadRequest {
        long seconds;
        try {
            seconds = body(x).requireLong("seconds");
        } catch (JsonException e) {
            throw new BadRequest(400, e.getMessage());
        }
        if (seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
            throw new BadRequest(400, "field \"seconds\": expected 0 to " + MAX_ADVANCE_SECONDS);
        }
        door.clock().advance(Duration.ofSeconds(seconds));
        door.service().loop().tick();
        answer(x, 200, Map.of("offsetSeconds", door.clock().offset().toSeconds()));
    }

    /** Steps the date only (either way), as network time or {@code date -s} would; durations run on. */
    private void step(HttpExchange x, SimulatedDoor door) throws IOException, BadRequest {
        long seconds;
        try {
            seconds = body(x).requireLong("seconds");
        } catch (JsonException e) {
            throw new BadRequest(400, e.getMessage());
        }
        if (Math.abs(seconds) > MAX_STEP_SECONDS) {
            throw new BadRequest(400, "field \"seconds\": expected -" + MAX_STEP_SECONDS + " to " + MAX_STEP_SECONDS);
        }
        door.clock().step(Duration.ofSeconds(seconds));
        door.service().loop().tick();
        answer(x, 200, Map.of("offsetSeconds", door.clock().offset().toSeconds()));
    }

    /** The wires of {@code door}, as {@code GET /api/state} answers them. */
    static Map<String, Object> state(SimulatedDoor door) {
        SimulatedPins p = door.pins();
        Map<String, Object> leds = new LinkedHashMap<>();
        leds.put("green", onOff(p.greenOn()));
        leds.put("red", onOff(p.redOn()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("relay", p.relayHigh() ? "high" : "low");
        m.put("lock", p.locked() ? "locked" : "unlocked");
        m.put("door", p.doorOpen() ? "open" : "closed");
        m.put("buzzer", onOff(p.buzzerOn()));
        m.put("leds", leds);
        m.put("mqtt", door.service().mqttConnected() ? "online" : "offline");
        return m;
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    /**
     * Refuses requests that a web page from elsewhere makes through the technician's browser:
     * browsers name the page's origin, and only the panel itself may drive the door. Tools such
     * as curl send no Origin and are served.
     */
    private void sameOrigin(HttpExchange x) throws BadRequest {
        String origin = x.getRequestHeaders().getFirst("Origin");
        if (origin == null) {
            return;
        }
        int port = port();
        if (!origin.equals("http://127.0.0.1:" + port) && !origin.equals("http://localhost:" + port)) {
            throw new BadRequest(403, "requests from " + origin + " are not accepted; use the panel at http://127.0.0.1:"
                    + port + "/");
        }
    }

    private static void expect(String method, String wanted) throws BadRequest {
        if (!method.equals(wanted)) {
            throw new BadRequest(405, "method " + method + " not allowed here; use " + wanted);
        }
    }

    private static JsonObject body(HttpExchange x) throws IOException, BadRequest {
        byte[] bytes;
        try (InputStream in = x.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new BadRequest(413, "request body over " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            throw new BadRequest(400, "expected a JSON object in the request body");
        }
        try {
            return JsonObject.parseBytes(bytes);
        } catch (JsonException e) {
            throw new BadRequest(400, "request body is not a JSON object: " + e.getMessage());
        }
    }

    private void page(HttpExchange x) throws IOException {
        byte[] html;
        try (InputStream in = SimHttpApi.class.getResourceAsStream("/web/index.html")) {
            html = in == null ? "<p>panel missing</p>".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
        }
        x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        x.sendResponseHeaders(200, html.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(html);
        }
    }

    private static void answer(HttpExchange x, int status, Map<String, Object> body) throws IOException {
        answerJson(x, status, Json.write(body));
    }

    private static void answerJson(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
