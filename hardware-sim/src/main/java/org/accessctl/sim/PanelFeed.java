package org.accessctl.sim;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accessctl.app.DoorLoop;
import org.accessctl.audit.UnreadableLogException;
import org.accessctl.core.CommittedEvent;
import org.accessctl.core.DoorStatus;
import org.accessctl.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's live feed: server-sent events on {@code GET /api/panel/stream}. One thread builds
 * the panel's snapshot when the door commits events or changes state (and once a second, for
 * the wires and counters), and sends it to every open stream when it differs from the last. The
 * browser never polls; a stream that cannot be written is dropped.
 */
final class PanelFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PanelFeed.class);
    /** Each open stream is a socket and a few kilobytes; a panel is for the few people at the desk. */
    static final int MAX_STREAMS = 16;
    private static final long IDLE_REFRESH_MS = 1000;
    private static final long KEEP_ALIVE_MS = 15_000;

    private final List<SimulatedDoor> doors;
    private final List<DoorRecords> records = new ArrayList<>();
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Object> wake = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile String latest;

    /** @param doors the doors on this panel, one card each, in order */
    PanelFeed(List<SimulatedDoor> doors) throws UnreadableLogException {
        this.doors = List.copyOf(doors);
        for (SimulatedDoor door : this.doors) {
            records.add(new DoorRecords(door.config().dbPath()));
            door.service().observe(new DoorLoop.Listener() {
                @Override
                public void committed(List<CommittedEvent> events) {
                    changed();
                }

                @Override
                public void stateChanged(DoorStatus status) {
                    changed();
                }
            });
        }
        thread = new Thread(this::run, "panel-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** On the door loop's thread: costs it nothing while no panel is open (benchmarks, tests, a closed browser). */
    private void changed() {
        if (!streams.isEmpty()) {
            wake.offer(Boolean.TRUE);
        }
    }

    /** The panel now, as {@code GET /api/panel} answers it. */
    String snapshot() {
        return build();
    }

    /**
     * Takes over the exchange as an event stream: headers now, the current panel at once, and
     * every change after. The exchange stays open when the handler returns.
     */
    boolean open(HttpExchange x) throws IOException {
        if (streams.size() >= MAX_STREAMS) {
            return false;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        OutputStream out = x.getResponseBody();
        streams.add(out);
        wake.offer(out); // the feed thread sends it the current panel
        return true;
    }

    private void run() {
        long lastWrite = System.nanoTime();
        while (!closed) {
            List<Object> woken = new ArrayList<>();
            try {
                Object first = wake.poll(IDLE_REFRESH_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    woken.add(first);
                    wake.drainTo(woken);
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            if (streams.isEmpty()) {
                latest = null; // nobody watches: read nothing; GET /api/panel builds its own
                continue;
            }
            String panel = build();
            boolean changed = !panel.equals(latest);
            latest = panel;
            for (OutputStream out : streams) {
                if (changed || woken.contains(out)) {
                    send(out, "data: " + panel + "\n\n");
                    lastWrite = System.nanoTime();
                }
            }
            if (System.nanoTime() - lastWrite > TimeUnit.MILLISECONDS.toNanos(KEEP_ALIVE_MS)) {
                // A comment line: keeps proxies and the browser from thinking the stream died.
                streams.forEach(out -> send(out, ": still here\n\n"));
                lastWrite = System.nanoTime();
            }
        }
    }

    private synchronized String build() {
        List<Object> cards = new ArrayList<>();
        for (int i = 0; i < doors.size(); i++) {
            SimulatedDoor door = doors.get(i);
            String api = i == 0 && doors.size() == 1 ? "/api" : "/api/doors/" + door.config().doorId();
            try {
                cards.add(PanelSnapshot.of(door, records.get(i), api));
            } catch (java.sql.SQLException | RuntimeException e) {
                log.warn("panel: door {} could not be read: {}", door.config().doorId(), e.getMessage());
                cards.add(Map.of("door", door.config().doorId(), "api", api, "error", String.valueOf(e.getMessage())));
            }
        }
        Map<String, Object> panel = new LinkedHashMap<>();
        panel.put("doors", cards);
        return Json.write(panel);
    }

    private void send(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            streams.remove(out); // the browser went away
            try {
                out.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        for (OutputStream out : streams) {
            try {
                out.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        streams.clear();
        for (DoorRecords r : records) {
            try {
                r.close();
            } catch (Exception e) {
                log.debug("panel: closing the database: {}", e.getMessage());
            }
        }
    }
}
