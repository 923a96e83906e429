package org.accessctl.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.accessctl.testing.Await;
import org.accessctl.testing.FreePort;

/**
 * The simulator in a process of its own, so that a test can kill it outright (SIGKILL) as a
 * power cut or a crash would, and start it again on the same database.
 */
final class DoorProcess implements AutoCloseable {

    private final Process process;
    final int httpPort;

    private DoorProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static DoorProcess start(Path dir, String mqttUrl) throws IOException {
        int http = FreePort.pick();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-Ddb.path=" + dir.resolve("door.db"),
                "-Dsim.http.port=" + http,
                "-Dsim.broker.port=" + FreePort.pick(),
                "-Dmqtt.url=" + mqttUrl,
                // The tests move the contact far faster than a door moves; nothing bounces here.
                "-Dtiming.contactDebounceMillis=0",
                "-cp", System.getProperty("java.class.path"),
                // These tests publish plain JSON records, as a site without directory keys does.
                SimMain.class.getName(), "--unsigned"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("door-process.log").toFile()).start();
        DoorProcess door = new DoorProcess(p, http);
        Await.until(Duration.ofSeconds(30), door::answers, () -> "the simulator process to answer on port " + http);
        return door;
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new AssertionError("the simulator process exited with " + process.exitValue());
        }
        try {
            return post("/api/state", null) == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a request; a body of null means GET. Returns the status. */
    int post(String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        b = body == null ? b.GET() : b.POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** {@code GET /api/state}'s body. */
    String state() throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/api/state")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
