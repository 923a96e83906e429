package org.accessctl.cli;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.accessctl.mqtt.DirectoryIndex;
import org.accessctl.mqtt.MqttSettings;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The directory's and approvers' side of the broker: publishes person and visit records as
 * retained messages at QoS 1 (the broker keeps the newest for every door, also one that connects
 * later), keeps the directory's index of them, and reads the record a topic retains.
 */
final class RecordPublisher implements AutoCloseable {

    private static final long BROKER_TIMEOUT_MS = 10_000;

    private final MqttClient client;

    RecordPublisher(MqttSettings settings) throws MqttException {
        // In memory: Paho's default persistence leaves files in the working directory.
        client = new MqttClient(settings.url(), settings.clientId(), new MemoryPersistence());
        client.setTimeToWait(BROKER_TIMEOUT_MS);
        client.connect(settings.connectOptions((int) (BROKER_TIMEOUT_MS / 1000)));
    }

    /** Publishes retained at QoS 1 and returns once the broker has acknowledged it. */
    void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        message.setRetained(true);
        client.publish(topic, message);
    }

    /**
     * The record {@code topic} retains: a broker sends it at once on subscribing. Empty when none
     * arrived within {@code wait} (the broker holds none, or may not show it to this user).
     */
    Optional<byte[]> retained(String topic, Duration wait) throws MqttException {
        BlockingQueue<byte[]> arrived = new LinkedBlockingQueue<>();
        client.subscribe(topic, 1, (t, message) -> {
            if (message.isRetained() && message.getPayload().length > 0) {
                arrived.add(message.getPayload());
            }
        });
        try {
            return Optional.ofNullable(arrived.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            client.unsubscribe(topic);
        }
    }

    /**
     * Lists {@code added} and unlists {@code removed} on the directory's index pages
     * ({@link DirectoryIndex}), which let a door behind a slow link ask for every record by name.
     * Reads each page it changes first. Two tools changing one page at the same moment can undo
     * each other's change to it; a record that is then not listed still reaches every door that
     * receives the retained set whole, and is listed again by the next tool that touches it.
     */
    void list(String kindPrefix, Collection<String> added, Collection<String> removed) throws MqttException {
        Map<String, Set<String>> adds = byPage(kindPrefix, added);
        Map<String, Set<String>> removes = byPage(kindPrefix, removed);
        Set<String> pages = new TreeSet<>(adds.keySet());
        pages.addAll(removes.keySet());
        if (pages.isEmpty()) {
            return;
        }
        Map<String, byte[]> current = retainedPages(kindPrefix, pages);
        for (String page : pages) {
            Set<String> ids = new TreeSet<>();
            byte[] payload = current.get(page);
            if (payload != null) {
                try {
                    ids.addAll(DirectoryIndex.decode(payload));
                } catch (IllegalArgumentException e) {
                    System.err.println("warning: index page " + page + " could not be read (" + e.getMessage()
                            + "); it now lists only what this run publishes");
                }
            }
            Set<String> before = Set.copyOf(ids);
            ids.addAll(adds.getOrDefault(page, Set.of()));
            ids.removeAll(removes.getOrDefault(page, Set.of()));
            if (!ids.equals(before) || payload == null && !ids.isEmpty()) {
                publish(page, DirectoryIndex.encode(ids));
            }
        }
    }

    private static Map<String, Set<String>> byPage(String kindPrefix, Collection<String> ids) {
        Map<String, Set<String>> pages = new HashMap<>();
        for (String id : ids) {
            pages.computeIfAbsent(DirectoryIndex.pageTopic(kindPrefix, DirectoryIndex.bucket(id)), p -> new TreeSet<>())
                    .add(id);
        }
        return pages;
    }

    /**
     * The pages the broker retains, of those named. All at QoS 0 with a marker of our own behind
     * them: a connection's QoS 0 messages arrive in order, so when the marker is back, every page
     * the broker holds is in (a page it lacks simply does not come).
     */
    private Map<String, byte[]> retainedPages(String kindPrefix, Set<String> pages) throws MqttException {
        byte[] nonce = new byte[8];
        new SecureRandom().nextBytes(nonce);
        String marker = kindPrefix + DirectoryIndex.LEVEL + "/_end/" + HexFormat.of().formatHex(nonce);
        Map<String, byte[]> retained = new ConcurrentHashMap<>();
        CountDownLatch end = new CountDownLatch(1);
        String[] filters = new String[pages.size() + 1];
        IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
        int i = 0;
        for (String page : pages) {
            filters[i] = page;
            listeners[i++] = (topic, message) -> {
                if (message.getPayload().length > 0) {
                    retained.put(topic, message.getPayload());
                }
            };
        }
        filters[i] = marker;
        listeners[i] = (topic, message) -> end.countDown();
        client.subscribe(filters, new int[filters.length], listeners);
        try {
            MqttMessage m = new MqttMessage(new byte[] {'.'});
            m.setQos(0);
            client.publish(marker, m);
            if (!end.await(BROKER_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
            }
            return retained;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(e);
        } finally {
            client.unsubscribe(filters);
        }
    }

    @Override
    public void close() {
        OperatorBroker.close(client, BROKER_TIMEOUT_MS);
    }
}
