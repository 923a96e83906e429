package org.accessctl.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.accessctl.threads.Scheduling;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door's connection to the broker. One worker thread owns connecting, reconnecting (capped
 * exponential backoff with jitter), subscribing and publishing {@code status} and
 * {@code state}. Paho's callbacks only hand messages on or wake the worker: calling the client
 * from inside a Paho callback can deadlock it.
 */
public final class MqttLink implements Publisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);
    private static final long TIMEOUT_MS = 10_000;
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** A subscription and the QoS it asks for. */
    public record Subscription(String filter, int qos) {
    }

    /**
     * A message from the broker.
     *
     * @param live false when it arrived before the broker acknowledged this connection's
     *     subscriptions: only a message that waited for the door in a session arrives that early
     * @param ack acknowledges it to the broker (QoS 1); call once it is committed, from any thread
     */
    public record Delivery(String topic, byte[] payload, boolean retained, boolean live, Runnable ack) {
    }

    /** What the link hands to the door. Called on Paho's threads: implementations only enqueue. */
    public interface Inbound {
        void message(Delivery delivery);

        /** The link is (again) connected and subscribed; queued work may flow. */
        void connected();

        /**
         * A connection is about to be made: records that follow belong to a new sync with this
         * mark. Called on the link's thread before anything of that connection arrives.
         */
        default void syncStarting(String mark) {
        }

        /**
         * A marker of a sync came back: every retained record asked for before it was sent has
         * arrived. {@code marker} is a sync's mark (the retained set is in) or
         * {@link #confirmedMarker} of it (the records asked for one by one are in).
         */
        default void syncMarker(String marker) {
        }
    }

    /** The marker that ends a sync's second pass. */
    public static String confirmedMarker(String mark) {
        return mark + "/confirmed";
    }

    /**
     * Topics asked for by name in one SUBSCRIBE. A page and its marker stay below the 1,000
     * messages a stock Mosquitto holds for a client, even if the door read nothing meanwhile.
     */
    static final int CONFIRM_PAGE = 500;
    /**
     * A marker not back after this long without any other message was dropped by the broker:
     * QoS 0 messages of one connection arrive in order, so nothing can still be ahead of it.
     */
    private static final long MARKER_QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MqttSettings settings;
    private final Topics topics;
    private final Subscription[] subscriptions;
    private final Inbound inbound;
    private final MqttAsyncClient client;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicReference<String> latestState = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean statePending = new java.util.concurrent.atomic.AtomicBoolean();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread worker;
    private volatile boolean connected;
    /** The broker has acknowledged this connection's subscriptions. */
    private volatile boolean subscribed;
    /** This connection's first marker is back: the broker's burst of retained records has passed. */
    private volatile boolean burstPassed;
    private volatile String firstMarker;
    /** When the last message arrived, for telling a dropped marker from a long retained set. */
    private volatile long lastArrival = System.nanoTime();
    /** Markers sent and not yet back, each with when it was last sent. */
    private final java.util.Map<String, Long> markersOut = new java.util.concurrent.ConcurrentHashMap<>();

    public MqttLink(MqttSettings settings, Topics topics, Subscription[] subscriptions, Inbound inbound) {
        this.settings = settings;
        this.topics = topics;
        // The sync marker travels at QoS 0 like the records it follows, so it stays behind them.
        this.subscriptions = java.util.stream.Stream.concat(java.util.Arrays.stream(subscriptions),
                java.util.stream.Stream.of(new Subscription(topics.sync(), 0))).toArray(Subscription[]::new);
        this.inbound = inbound;
        try {
            // Memory persistence: Paho's default writes files into the working directory, and
            // our own outbox in SQLite is what makes delivery durable.
            this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot use MQTT broker " + settings.url() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callbacks());
        // A command is acknowledged once its outcome is committed, never on arrival.
        client.setManualAcks(true);
        this.worker = new Thread(this::run, "mqtt-link");
        worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    public boolean isConnected() {
        return connected && client.isConnected();
    }

    /**
     * Connected, and the retained set the subscription brought has passed. While a stock
     * Mosquitto pushes a large set it drops what it cannot queue for the door, and with it the
     * acknowledgements it owes (an event published then went unacknowledged until a timeout): the
     * outbox waits for this before it publishes.
     */
    public boolean settled() {
        return isConnected() && burstPassed;
    }

    /** Publishes one event (QoS 1, not retained). Called by the outbox sender's thread. */
    IMqttDeliveryToken publishEvent(String json) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return client.publish(topics.events(), m);
    }

    /** From any thread. Fails when disconnected. */
    @Override
    public void publish(String topic, String payload, boolean retained) throws PublishException {
        try {
            send(topic, payload, retained);
        } catch (MqttException e) {
            throw new PublishException(e);
        }
    }

    private IMqttDeliveryToken send(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        m.setRetained(retained);
        return client.publish(topic, m);
    }

    /** Runs {@code job} on the link's thread, after the work queued before it. */
    public void onLinkThread(Runnable job) {
        tasks.add(job);
    }

    /**
     * Asks the broker again, one topic at a time, for records the sync's first pass did not
     * bring; the marker {@link #confirmedMarker} follows them. A record that is still retained
     * arrives; one that does not was deleted. This keeps a sweep exact even where the broker
     * dropped part of the retained set.
     */
    public void confirm(String mark, java.util.function.Supplier<java.util.List<String>> topicsToAsk) {
        tasks.add(() -> {
            try {
                java.util.List<String> recordTopics = topicsToAsk.get();
                for (int i = 0; i < recordTopics.size() && isConnected(); i += CONFIRM_PAGE) {
                    String[] page = recordTopics.subList(i, Math.min(recordTopics.size(), i + CONFIRM_PAGE))
                            .toArray(String[]::new);
                    int[] qos = new int[page.length];
                    awaitWhileConnected(client.subscribe(page, qos));
                    // One page at a time: the broker never holds more than a page for the door.
                    awaitMarker(mark + "/page-" + i);
                    client.unsubscribe(page); // not waited for: the next page's marker queues behind it
                }
                if (isConnected()) {
                    sendMarker(confirmedMarker(mark));
                }
            } catch (MqttException | RuntimeException e) {
                log.warn("confirming records failed ({}); reconnecting for a new sync", e.getMessage());
                dropConnection();
                connected = false;
            }
        });
    }

    /**
     * Waits for the broker's answer for as long as the connection lasts. Under load it queues
     * behind everything the broker sent before it; giving up after a timeout and starting the
     * sync again on a new connection only adds load (a 300-door fleet on 2 cores turned into a
     * storm of reconnects). A dead broker still ends the wait: the connection drops.
     */
    private void awaitWhileConnected(org.eclipse.paho.client.mqttv3.IMqttToken token) throws MqttException {
        waitWhileConnected(token::isComplete);
        // Complete: returns at once, or throws the broker's refusal. Otherwise the connection
        // is gone (or the link closing) and this ends the second pass.
        token.waitForCompletion(TIMEOUT_MS);
    }

    /** Ends the connection, so the next one starts a sync afresh (after records could not be stored). */
    public void resync() {
        tasks.add(() -> {
            log.info("reconnecting to sync the records again");
            dropConnection();
            connected = false;
        });
    }

    private void sendMarker(String marker) throws MqttException {
        markersOut.put(marker, System.nanoTime());
        MqttMessage m = new MqttMessage(marker.getBytes(StandardCharsets.UTF_8));
        m.setQos(0);
        client.publish(topics.sync(), m);
    }

    /** Sends a marker and waits, on the link's thread, until it is back; sends it again if dropped. */
    private void awaitMarker(String marker) throws MqttException {
        sendMarker(marker);
        waitWhileConnected(() -> !markersOut.containsKey(marker));
    }

    /**
     * Waits on the link's thread until {@code done} or the connection ends. Meanwhile dropped
     * markers go out again, and a long second pass does not hold back the door's state (a
     * grant, an alarm): the latest one goes out; the queued task then finds nothing new to send.
     */
    private void waitWhileConnected(java.util.function.BooleanSupplier done) throws MqttException {
        while (!done.getAsBoolean() && isConnected() && closing.getCount() > 0) {
            synchronized (markersOut) {
                try {
                    if (!done.getAsBoolean()) {
                        markersOut.wait(100); // a returning marker notifies under this lock
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            resendDroppedMarkers();
            if (statePending.getAndSet(false)) {
                sendState();
            }
        }
    }

    /**
     * A broker at its queue limit drops what it cannot queue, the marker too; then a sync would
     * never end. A marker not back after a quiet spell is sent again: behind everything queued.
     */
    private void resendDroppedMarkers() throws MqttException {
        long now = System.nanoTime();
        for (var e : markersOut.entrySet()) {
            if (now - e.getValue() > MARKER_QUIET_NANOS && now - lastArrival > MARKER_QUIET_NANOS) {
                log.info("sync marker {} not back; sending it again", e.getKey());
                sendMarker(e.getKey());
            }
        }
    }

    /** The latest door state; published retained now if connected, else after reconnecting. */
    public void publishState(String json) {
        // Only the latest state matters: one queued publication sends whatever is newest then,
        // so a door changing state while the broker is away queues nothing more.
        if (latestState.getAndSet(json) == null || statePending.compareAndSet(false, true)) {
            tasks.add(() -> {
                statePending.set(false);
                sendState();
            });
        }
    }

    private void run() {
        // Paho's threads start from this one and inherit its priority: the burst waits, not a tap.
        Scheduling.lowerCurrentThread();
        try {
            work();
        } catch (Throwable e) {
            // The door goes on deciding from its local copy, but nothing reaches the broker.
            log.error("MQTT link stopped by a fatal failure; the door is no longer connected", e);
        }
    }

    private void work() {
        Duration backoff = MIN_BACKOFF;
        boolean warned = false;
        while (closing.getCount() > 0) {
            // Our own flag, not Paho's: a connect whose SUBSCRIBE or "online" failed leaves the
            // TCP connection up (Paho says connected) but the door unsubscribed and silent.
            if (!connected || !client.isConnected()) {
                connected = false;
                try {
                    connect();
                    backoff = MIN_BACKOFF;
                    warned = false;
                } catch (MqttException | RuntimeException e) {
                    dropConnection();
                    if (!warned) {
                        log.warn("MQTT broker {} unreachable ({}); the door keeps working from its local copy, retrying",
                                settings.url(), ConnectFailure.describe(e));
                        warned = true;
                    } else {
                        log.debug("MQTT reconnect failed: {}", ConnectFailure.describe(e));
                    }
                    pause(jitter(backoff));
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                }
            }
            try {
                Runnable task = tasks.poll(1, TimeUnit.SECONDS);
                if (task != null) {
                    task.run();
                }
                resendDroppedMarkers();
            } catch (MqttException e) {
                log.debug("sending a sync marker again failed: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("MQTT link task failed; carrying on", e);
            }
        }
    }

    /** Ends a connection that is half set up, so the next attempt starts clean. */
    private void dropConnection() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
        } catch (MqttException e) {
            log.debug("dropping a half-made connection: {}", e.getMessage());
        }
    }

    private void connect() throws MqttException {
        // A clean session: nothing waits for the door while it is away. Commands must act live
        // or not at all, and records come again with every subscription (the sync). We
        // reconnect ourselves, also when the first connect fails.
        MqttConnectOptions o = settings.connectOptions((int) (TIMEOUT_MS / 1000));
        o.setWill(topics.status(), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        // Paho counts publishes in flight and refuses more than this; the outbox and state
        // publications together stay far below it, and a low limit only turns into errors.
        o.setMaxInflight(1000);
        String mark = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + System.currentTimeMillis();
        subscribed = false;
        burstPassed = false;
        firstMarker = mark;
        markersOut.clear();
        inbound.syncStarting(mark);
        client.connect(o).waitForCompletion(TIMEOUT_MS);
        // Subscribing on every connect is what makes the broker send its retained records, for
        // reconciliation.
        client.subscribe(java.util.Arrays.stream(subscriptions).map(Subscription::filter).toArray(String[]::new),
                java.util.Arrays.stream(subscriptions).mapToInt(Subscription::qos).toArray()).waitForCompletion(TIMEOUT_MS);
        subscribed = true;
        sendMarker(mark);
        // Not waited for: its acknowledgement queues behind the whole retained set, which may take
        // longer than any timeout to read. A failure shows as a lost connection.
        send(topics.status(), "online", true);
        connected = true;
        log.info("MQTT connected to {} as {}", settings.url(), settings.clientId());
        sendState();
        inbound.connected();
    }

    private void acknowledge(int id, int qos) {
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            // The connection it came on is gone; so is the broker's wait for this ack.
            log.debug("ack of message {} not sent: {}", id, e.getMessage());
        }
    }

    private void sendState() {
        String state = latestState.get();
        if (state == null || !isConnected()) {
            return;
        }
        try {
            send(topics.state(), state, true);
        } catch (MqttException e) {
            log.debug("state not published now ({}); it will be after reconnecting", e.getMessage());
        }
    }

    private static Duration jitter(Duration d) {
        long ms = d.toMillis();
        return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    private void pause(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Says {@code offline} (a clean disconnect suppresses the will) and disconnects. */
    @Override
    public void close() {
        if (closing.getCount() == 0) {
            return;
        }
        closing.countDown();
        worker.interrupt();
        try {
            worker.join(TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                // The last state first: after a clean stop the retained state says what the pins
                // show once the program is gone (locked), not the grant it stopped in.
                String state = latestState.get();
                if (state != null) {
                    send(topics.state(), state, true).waitForCompletion(2_000);
                }
                send(topics.status(), "offline", true).waitForCompletion(2_000);
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            log.debug("disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("close: {}", e.getMessage());
        }
    }

    private final class Callbacks implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connect() runs on the worker, which continues after this returns.
        }

        @Override
        public void connectionLost(Throwable cause) {
            connected = false;
            log.warn("MQTT connection lost: {}", cause == null ? "unknown cause" : ConnectFailure.describe(cause));
            tasks.add(() -> { }); // wake the worker so it reconnects now
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            lastArrival = System.nanoTime();
            if (topic.equals(topics.sync())) {
                String marker = new String(message.getPayload(), StandardCharsets.UTF_8);
                if (markersOut.remove(marker) != null) {
                    if (marker.equals(firstMarker)) {
                        burstPassed = true;
                    }
                    synchronized (markersOut) {
                        markersOut.notifyAll();
                    }
                    if (!marker.contains("/page-")) {
                        inbound.syncMarker(marker);
                    }
                }
                return;
            }
            int id = message.getId();
            int qos = message.getQos();
            Runnable ack = qos == 0 ? () -> { } : () -> acknowledge(id, qos);
            inbound.message(new Delivery(topic, message.getPayload(), message.isRetained(), subscribed, ack));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Delivery is tracked by the tokens the outbox waits on.
        }
    }
}
