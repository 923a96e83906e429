package org.accessctl.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.accessctl.testing.Await;
import org.accessctl.testing.EventWatcher;
import org.accessctl.testing.MosquittoProcess;
import org.accessctl.testing.StandardErrorCapture;
import org.accessctl.testing.TestCertificates;
import org.accessctl.testing.TestCertificates.Identity;
import org.accessctl.testing.TestCertificates.KeyType;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The door's link to a real Mosquitto over TLS, set up from PEM files as a technician makes
 * them: what connects, what is refused, and that neither keys nor the password reach the log.
 */
class BrokerTlsTest {

    private static final Topics TOPICS = new Topics("accessctl", "main", "door-1");
    private static final String DOOR_USER = "door-main-door-1";
    private static final String DOOR_PASSWORD = "Correct-Horse-Battery-Staple-42";
    private static final String WATCHER_USER = "watcher";
    private static final String WATCHER_PASSWORD = "watcher-password";

    @TempDir
    static Path certificateDirectory;
    static TestCertificates certs;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.create(certificateDirectory);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void mutualTlsConnectsAndTheDoorIsOnline() throws Exception {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());
        DoorConnection door = connect(broker.url(), clientTls(certs.client()), null, null);

        door.awaitConnected();
        EventWatcher watcher = keep(new EventWatcher(broker.url(), watcherOptions(null), TOPICS.status()));
        watcher.await("/status", r -> r.payload().equals("online") && r.retained(), Await.DEFAULT);
        assertTrue(door.link.isConnected());
    }

    @Test
    void theCertificatesNameCanBeUsedInsteadOfTheAddress() {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());

        connect(broker.url("localhost"), clientTls(certs.client()), null, null).awaitConnected();
    }

    @Test
    void aCaFileMayHoldSeveralCertificates() throws IOException {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(certs.otherCaFile()) + Files.readString(certs.caFile()));

        connect(broker.url(), new TlsFiles(bundle, certs.client().certificate(), certs.client().key()), null, null)
                .awaitConnected();
    }

    @Test
    void aBrokerSignedByAnotherCaIsNeverConnectedTo() throws IOException {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());
        try (StandardErrorCapture err = new StandardErrorCapture()) {
            DoorConnection door = connect(broker.url(),
                    new TlsFiles(certs.otherCaFile(), certs.client().certificate(), certs.client().key()), null, null);

            String log = door.awaitRefusal(err);
            assertTrue(log.contains("unable to find valid certification path"), log);
            assertTrue(log.contains("not signed by a CA in mqtt.tls.caFile"), log);
            assertNoKeyMaterial(log);
        }
    }

    @Test
    void aServerCertificateForAnotherHostIsRefusedByTheHostNameCheck() throws IOException {
        Identity otherHost = certs.issueServer("otherhost", "DNS:otherhost");
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), otherHost).start());
        try (StandardErrorCapture err = new StandardErrorCapture()) {
            DoorConnection door = connect(broker.url(), new TlsFiles(certs.caFile(), null, null), null, null);

            String log = door.awaitRefusal(err);
            assertTrue(log.contains("No subject alternative names matching IP address 127.0.0.1"), log);
            assertTrue(log.contains("not made out to the host in mqtt.url"), log);
            assertNoKeyMaterial(log);
        }
    }

    @Test
    void theSocketFactoryChecksTheHostNameOnItsOwnToo() throws Exception {
        Identity otherHost = certs.issueServer("otherhost", "DNS:otherhost");
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), otherHost).start());
        var factory = BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), null, null));

        try (SSLSocket socket = (SSLSocket) factory.createSocket("127.0.0.1", broker.port())) {
            SSLHandshakeException refused = assertThrows(SSLHandshakeException.class,
                    socket::startHandshake);
            assertTrue(refused.getMessage().contains("No subject alternative names"), refused.getMessage());
        }
    }

    /**
     * The host name check does not hang on Paho's option alone: Paho 1.2.5 replaces the socket's
     * SSL parameters before the handshake (to set SNI), and the check set by our factory survives
     * that, so a client that turns the option off is still protected.
     */
    @Test
    void theFactorysHostNameCheckHoldsWithPahosOptionOff() throws Exception {
        Identity otherHost = certs.issueServer("otherhost", "DNS:otherhost");
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), otherHost).start());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(BrokerSecurity.socketFactory(new TlsFiles(certs.caFile(), null, null)));
        options.setHttpsHostnameVerificationEnabled(false);

        try (MqttClient client = new MqttClient(broker.url(), "unchecked", new MemoryPersistence())) {
            MqttException refused = assertThrows(MqttException.class, () -> client.connect(options));
            assertTrue(ConnectFailure.describe(refused).contains("No subject alternative names"), refused.toString());
        }
    }

    @Test
    void withoutAClientCertificateABrokerThatRequiresOneRefuses() {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());
        try (StandardErrorCapture err = new StandardErrorCapture()) {
            DoorConnection door = connect(broker.url(), new TlsFiles(certs.caFile(), null, null), null, null);

            String log = door.awaitRefusal(err);
            assertTrue(log.contains("wants a client certificate"), log);
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());
        try (StandardErrorCapture err = new StandardErrorCapture()) {
            // a door certificate from an unrelated PKI, which the broker does not trust
            TestCertificates strangers = TestCertificates.create(dir);
            DoorConnection door = connect(broker.url(),
                    new TlsFiles(certs.caFile(), strangers.client().certificate(), strangers.client().key()), null, null);

            door.awaitRefusal(err);
        }
    }

    @Test
    void userNameAndPasswordFileOverTls() throws Exception {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server())
                .user(DOOR_USER, DOOR_PASSWORD).user(WATCHER_USER, WATCHER_PASSWORD).start());
        Path passwordFile = Files.writeString(dir.resolve("mqtt-password"), DOOR_PASSWORD + "\n");
        try (StandardErrorCapture err = new StandardErrorCapture()) {
            DoorConnection door = connect(broker.url(), new TlsFiles(certs.caFile(), null, null), DOOR_USER,
                    BrokerSecurity.readPassword(passwordFile));

            door.awaitConnected();
            EventWatcher watcher = keep(new EventWatcher(broker.url(), watcherOptions(WATCHER_PASSWORD), TOPICS.status()));
            watcher.await("/status", r -> r.payload().equals("online"), Await.DEFAULT);
            err.awaitContaining("MQTT connected to " + broker.url());
            door.link.close();

            assertFalse(err.text().contains(DOOR_PASSWORD), err.text());
            assertFalse(door.settings.toString().contains(DOOR_PASSWORD), door.settings.toString());
        }
    }

    @Test
    void aWrongPasswordIsRefusedAndNeverLogged() throws Exception {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).user(DOOR_USER, DOOR_PASSWORD).start());
        String wrong = "Not-The-Password-7";
        Path passwordFile = Files.writeString(dir.resolve("mqtt-password"), wrong + "\n");
        try (StandardErrorCapture err = new StandardErrorCapture()) {
            DoorConnection door = connect(broker.url(), new TlsFiles(certs.caFile(), null, null), DOOR_USER,
                    BrokerSecurity.readPassword(passwordFile));

            String log = door.awaitRefusal(err);
            assertTrue(log.contains("Not authorized") || log.contains("Bad user name or password"), log);
            assertFalse(log.contains(wrong), log);
            assertFalse(log.contains(DOOR_PASSWORD), log);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void clientKeysOfEveryKindConnect(KeyType type) {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).identityAsUsername().start());
        Identity client = certs.issueClient("door-" + type.name().toLowerCase(), type);

        connect(broker.url(), clientTls(client), null, null).awaitConnected();
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA", "EC"})
    void keysInOpenSslsOlderFormsConnect(KeyType type) throws IOException {
        MosquittoProcess broker = keep(MosquittoProcess.tls(certs.caFile(), certs.server()).requireClientCertificate().start());
        Identity client = certs.issueClient("door-traditional", type);
        Path traditional = certs.traditionalKey(client.key());
        assertTrue(Files.readString(traditional).contains("BEGIN " + type.name() + " PRIVATE KEY"));

        connect(broker.url(), new TlsFiles(certs.caFile(), client.certificate(), traditional), null, null).awaitConnected();
    }

    // --- helpers ---

    /** A started link and what its inbound side saw. */
    private final class DoorConnection {
        final MqttSettings settings;
        final MqttLink link;
        final AtomicInteger connections = new AtomicInteger();

        DoorConnection(MqttSettings settings) {
            this.settings = settings;
            this.link = keep(new MqttLink(settings, TOPICS, new MqttLink.Subscription[] {new MqttLink.Subscription(TOPICS.commands(), 1)},
                    new MqttLink.Inbound() {
                @Override
                public void message(MqttLink.Delivery delivery) {
                }

                @Override
                public void connected() {
                    connections.incrementAndGet();
                }
            }));
            link.start();
        }

        void awaitConnected() {
            Await.until(() -> connections.get() > 0, "the link to report connected()");
        }

        /** Waits for the link's warning that the broker is unreachable; by then it has failed at least once. */
        String awaitRefusal(StandardErrorCapture err) {
            String log = err.awaitContaining("MQTT broker " + settings.url() + " unreachable");
            assertEquals(0, connections.get(), log);
            assertFalse(link.isConnected());
            return log;
        }
    }

    private DoorConnection connect(String url, TlsFiles tls, String username, char[] password) {
        try {
            return new DoorConnection(new MqttSettings(url, DOOR_USER, username, password,
                    BrokerSecurity.socketFactory(tls), 30));
        } catch (BrokerCredentialException e) {
            throw new AssertionError(e);
        }
    }

    private static TlsFiles clientTls(Identity client) {
        return new TlsFiles(certs.caFile(), client.certificate(), client.key());
    }

    /** A subscriber as upstream runs one: TLS with its own client certificate, and a password if asked. */
    private static MqttConnectOptions watcherOptions(String password) throws BrokerCredentialException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(BrokerSecurity.socketFactory(clientTls(certs.client())));
        options.setHttpsHostnameVerificationEnabled(true);
        if (password != null) {
            options.setUserName(WATCHER_USER);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    /** No line of any private key's body, and no PEM key marker, is in {@code text}. */
    private static void assertNoKeyMaterial(String text) throws IOException {
        assertFalse(text.contains("PRIVATE KEY"), text);
        for (Path key : List.of(certs.client().key(), certs.server().key())) {
            for (String line : Files.readAllLines(key, StandardCharsets.US_ASCII)) {
                if (!line.startsWith("-----") && line.length() > 16) {
                    assertFalse(text.contains(line), "a line of " + key.getFileName() + " is in the log");
                }
            }
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        toClose.add(resource);
        return resource;
    }
}
