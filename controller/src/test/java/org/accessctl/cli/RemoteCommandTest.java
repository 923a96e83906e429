package org.accessctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.accessctl.command.CommandType;
import org.accessctl.command.CommandVerifier;
import org.accessctl.command.Rejection;
import org.accessctl.command.ReplayGuard;
import org.accessctl.command.Verification;
import org.accessctl.command.VerifiedCommand;
import org.accessctl.core.Person;
import org.accessctl.json.Json;
import org.accessctl.testing.FreePort;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.MutableClock;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unlock}, {@code lockdown} and {@code release} against a real Mosquitto, with the test
 * playing the door: it checks each token with the real {@link CommandVerifier} and answers on
 * {@code commands/results}, or keeps silent.
 */
class RemoteCommandTest {

    private static MosquittoProcess broker;

    @TempDir
    Path dir;

    private FakeDoor door;
    private Path config;
    private Path key;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoProcess.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void operatorAndDoor() throws Exception {
        config = dir.resolve("controller.properties");
        Files.writeString(config, "mqtt.url = " + broker.url() + "\nsite.id = main\ndoor.id = door-1\n");
        ByteArrayOutputStream keygenOut = new ByteArrayOutputStream();
        assertEquals(0, KeygenCommand.run(List.of("--person", "P-001", "--out", dir.toString()),
                new PrintStream(keygenOut, true, StandardCharsets.UTF_8), System.err));
        key = dir.resolve("P-001.key");
        String publicKey = keygenOut.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        door = new FakeDoor(broker.url(), "accessctl/main/doors/door-1/");
        door.persons.put("P-001", new Person("P-001", "Operator One", null, Set.of("operator"), true, Set.of(), publicKey));
    }

    @AfterEach
    void closeDoor() {
        door.close();
    }

    private int run(CommandType cmd, String... args) {
        return RemoteCommand.run(cmd, List.of(args), new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "--key", key.toString(),
                "--kid", "P-001", "--reason", "Vendor at the door"));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anAcceptedUnlockExitsZeroAndPrintsTheResult() {
        assertEquals(0, run(CommandType.UNLOCK, args("--seconds", "8")), stderr());
        assertTrue(stdout().contains("\"accepted\":true"), stdout());
        assertEquals("", stderr());

        assertEquals(1, door.received.size());
        Received r = door.received.get(0);
        assertFalse(r.retained(), "a command is never published retained");
        assertEquals(1, r.qos());
        VerifiedCommand accepted = (VerifiedCommand) r.verification();
        assertEquals(CommandType.UNLOCK, accepted.cmd());
        assertEquals(8, accepted.seconds().getAsInt());
        assertTrue(stdout().contains(accepted.jti()), "the printed result is the one for this token");
    }

    @Test
    void lockdownAndReleaseAreSentAsSuch() {
        assertEquals(0, run(CommandType.LOCKDOWN, args()), stderr());
        assertEquals(0, run(CommandType.RELEASE, args("--door", "door-1")), stderr());
        assertEquals(List.of(CommandType.LOCKDOWN, CommandType.RELEASE),
                door.received.stream().map(r -> ((VerifiedCommand) r.verification()).cmd()).toList());
    }

    @Test
    void aRefusedCommandExitsOneWithTheDoorsReason() {
        Person p = door.persons.get("P-001");
        door.persons.put("P-001", new Person(p.personId(), p.name(), null, p.roles(), false, p.doors(), p.publicKey()));
        assertEquals(1, run(CommandType.UNLOCK, args()));
        assertTrue(stdout().contains("\"accepted\":false"), stdout());
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().contains("operator_inactive"), stderr());
    }

    @Test
    void noAnswerExitsOne() {
        door.silent = true;
        assertEquals(1, run(CommandType.UNLOCK, args("--timeout", "1")));
        assertEquals(1, stderr().lines().count(), stderr());
        assertTrue(stderr().contains("no answer from door door-1 within 1 s"), stderr());
        assertEquals(1, door.received.size(), "the token was delivered, the door just did not answer");
    }

    @Test
    void anUnreachableBrokerExitsOne() throws Exception {
        Files.writeString(config, "mqtt.url = tcp://127.0.0.1:" + FreePort.pick() + "\n");
        assertEquals(1, run(CommandType.UNLOCK, args()));
        assertTrue(stderr().contains("nothing was sent"), stderr());
    }

    @Test
    void badUsageOrConfigurationExitsTwo() throws Exception {
        assertEquals(0, run(CommandType.UNLOCK, "--help"));
        assertTrue(stdout().contains("unlock --config FILE --key FILE --kid ID --reason TEXT [--door D] [--seconds N]"));
        assertEquals(2, run(CommandType.UNLOCK, "--config", config.toString(), "--kid", "P-001", "--reason", "x"));
        assertEquals(2, run(CommandType.LOCKDOWN, args("--seconds", "5")));
        assertEquals(2, run(CommandType.UNLOCK, args("--door", "Door 1")));
        Files.writeString(config, "mqtt.url = tcp://127.0.0.1:1883\ntiming.strikeSeconds = soon\n");
        err.reset();
        assertEquals(2, run(CommandType.UNLOCK, args()));
        assertTrue(stderr().contains("timing.strikeSeconds"), stderr());
        assertTrue(door.received.isEmpty());
    }

    @Test
    void aDoorWhoseStateShowsItsClockAheadGetsATokenByItsClock() throws Exception {
        door.clock.advance(java.time.Duration.ofSeconds(40)); // the simulator's clock moved on by the demos
        door.publishState();
        try {
            assertEquals(0, run(CommandType.UNLOCK, args()), stderr());
            assertEquals(1, door.received.size(), "signed right the first time");
            assertTrue(stderr().matches("(?s)unlock: warning: door door-1's clock is at least \\d+ s ahead of this"
                    + " machine's \\(its state\\); signing against the door's clock\n"), stderr());
        } finally {
            door.clearState();
        }
    }

    @Test
    void aDoorAheadWithoutStateRefusesOnceAndTheToolSignsAgainByItsAnswer() {
        door.clock.advance(java.time.Duration.ofSeconds(40));
        assertEquals(0, run(CommandType.UNLOCK, args()), stderr());
        assertEquals(2, door.received.size());
        assertEquals("expired", ((Rejection) door.received.get(0).verification()).reason().wireName());
        assertTrue(stderr().matches("(?s).*door-1's clock is \\d+ s ahead of this machine's; signing again.*"), stderr());
    }

    @Test
    void aDoorBehindRefusesOnceAndTheToolSignsAgainByItsAnswer() {
        door.clock.advance(java.time.Duration.ofSeconds(-90)); // the door booted without its clock set right
        assertEquals(0, run(CommandType.UNLOCK, args()), stderr());
        assertEquals(2, door.received.size());
        Rejection first = (Rejection) door.received.get(0).verification();
        assertEquals("not_yet_valid", first.reason().wireName());
        assertTrue(first.detail().matches("signed at \\d{4}-.*, \\d+ s ahead of the door's clock \\(\\d{4}-.*\\),"
                + " more than the 30 s allowed: the signer's clock is ahead of the door's"), first.detail());
        assertTrue(stderr().matches("(?s).*door-1's clock is \\d+ s behind this machine's; signing again.*"), stderr());
    }

    record Received(boolean retained, int qos, Verification verification) {
    }

    /**
     * The door's side of the exchange. Answers from its own thread, since a Paho client must
     * not publish from inside its callback. Before each real answer it publishes a result for
     * another token and a payload that is no result at all, which the tool must pass over.
     */
    static final class FakeDoor implements AutoCloseable {
        final Map<String, Person> persons = new ConcurrentHashMap<>();
        final List<Received> received = new CopyOnWriteArrayList<>();
        volatile boolean silent;
        private final MqttClient client;
        private final ExecutorService answers = Executors.newSingleThreadExecutor();
        private final String prefix;
        private final CommandVerifier verifier;
        final MutableClock clock;

        FakeDoor(String url, String prefix) throws MqttException {
            this.prefix = prefix;
            // The door's clock reads the real time once (a test may move it); the tool signs with the real time.
            clock = new MutableClock(Instant.now(), ZoneOffset.UTC);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            this.verifier = new CommandVerifier("door-1", clock, id -> Optional.ofNullable(persons.get(id)),
                    new ReplayGuard() {
                        @Override
                        public boolean seen(String jti) {
                            return seen.contains(jti);
                        }

                        @Override
                        public void remember(String jti, Instant expiresAt) {
                            seen.add(jti);
                        }
                    });
            client = new MqttClient(url, "fake-door", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            client.connect(o);
            client.subscribe(prefix + "commands", 1, (topic, message) -> {
                Verification v = verifier.verify(message.getPayload(), message.isRetained());
                received.add(new Received(message.isRetained(), message.getQos(), v));
                if (v instanceof VerifiedCommand c) {
                    seen.add(c.jti()); // the real door remembers it in the transaction of its event
                }
                if (!silent) {
                    answers.execute(() -> answer(v));
                }
            });
        }

        private void answer(Verification v) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("jti", v instanceof VerifiedCommand c ? c.jti() : ((Rejection) v).jti().orElse(""));
            result.put("accepted", v.accepted());
            if (v instanceof Rejection r) {
                result.put("reason", r.reason().wireName());
            }
            result.put("at", clock.instant().toString());
            try {
                publish(Json.write(Map.of("jti", "c-someone-else", "accepted", true)));
                publish("not a result");
                publish(Json.write(result));
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The door's retained state, as the real door publishes it after each change. */
        void publishState() throws MqttException {
            MqttMessage m = new MqttMessage(Json.write(Map.of("lock", "locked", "at", clock.instant().toString()))
                    .getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            m.setRetained(true);
            client.publish(prefix + "state", m);
        }

        void clearState() throws MqttException {
            client.publish(prefix + "state", new byte[0], 1, true);
        }

        private void publish(String payload) throws MqttException {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish(prefix + "commands/results", m);
        }

        @Override
        public void close() {
            answers.shutdownNow();
            try {
                client.disconnect();
                client.close();
            } catch (MqttException e) {
                // the broker goes away after the tests anyway
            }
        }
    }
}
