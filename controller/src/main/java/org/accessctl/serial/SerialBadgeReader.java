package org.accessctl.serial;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import jssc.SerialNativeInterface;
import jssc.SerialPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One badge reader on a serial line. A dedicated daemon thread waits for bytes, decodes them,
 * drops repeats of a held card and hands each new read to the consumer, on that same thread.
 * The consumer should only enqueue: while it runs, the line is not being read.
 *
 * <p>A reader that cannot be opened, or that goes away (a USB adapter unplugged), is retried
 * with a capped backoff until the reader is closed. Nothing the line does stops the thread or
 * throws out of this class.
 */
public final class SerialBadgeReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SerialBadgeReader.class);

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(60);
    /** Waits wake up this often even when idle: a cheap guard against a missed stop. */
    private static final int IDLE_WAKEUP_MILLIS = 1000;
    private static final long STOP_TIMEOUT_MILLIS = 2000;
    /** Ten times what a 9600 baud line delivers in the time it takes to wake up. */
    private static final int READ_BUFFER_SIZE = 512;
    /** The warm-up's badge: hex digits as a reader sends them; never delivered. */
    private static final String WARM_UP_UID = "0000000000";
    private static final int WARM_UP_FRAMES = 200;

    private final String name;
    private final String portPath;
    private final int baud;
    private final BadgeFormat format;
    private final RepeatFilter repeatFilter;
    private final Consumer<String> onBadge;
    private final FrameDecoder decoder;

    // Used only by the reader thread.
    private final Backoff backoff = new Backoff(FIRST_RETRY, MAX_RETRY);
    private final Throttle openWarnings = new Throttle(WARNING_INTERVAL);
    private final Throttle dropWarnings = new Throttle(WARNING_INTERVAL);
    private final Throttle settingsWarnings = new Throttle(WARNING_INTERVAL);
    private long settingsRestored;
    /** The line's settings as this reader made them; put back when someone changes them. */
    private byte[] lineSettings;
    private long failedOpensInARow;
    private long droppedAtLastWarning;

    private final Object lifecycle = new Object();
    private Thread thread;
    private StoppableWait wait;
    private boolean closed;

    private volatile boolean connected;
    private volatile long failedOpenAttempts;

    /**
     * @param name what logs call this reader, for example {@code entry}
     * @param portPath the serial device, for example {@code /dev/ttyAMA0}
     * @param baud line speed; the line is always 8 data bits, no parity, 1 stop bit
     * @param onBadge receives each accepted UID, upper case, on the reader's thread
     */
    public SerialBadgeReader(String name, String portPath, int baud, BadgeFormat format,
                             RepeatFilter repeatFilter, Consumer<String> onBadge) {
        this.name = Objects.requireNonNull(name, "name");
        this.portPath = Objects.requireNonNull(portPath, "portPath");
        if (portPath.isBlank()) {
            throw new IllegalArgumentException("badge reader " + name + " has no serial port");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("badge reader " + name + ": baud must be positive, got "
                    + baud);
        }
        this.baud = baud;
        this.format = Objects.requireNonNull(format, "format");
        this.repeatFilter = Objects.requireNonNull(repeatFilter, "repeatFilter");
        this.onBadge = Objects.requireNonNull(onBadge, "onBadge");
        this.decoder = FrameDecoder.forFormat(format, reason -> log.debug(
                "Badge reader {} on {}: dropped a frame: {}", name, portPath, reason.description()));
    }

    /** Starts the reader thread; returns at once, whether or not the port can be opened. */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("badge reader " + name + " is closed");
            }
            if (thread != null) {
                throw new IllegalStateException("badge reader " + name + " is already started");
            }
            try {
                wait = new StoppableWait();
            } catch (IOException e) {
                throw new UncheckedIOException("badge reader " + name + " cannot start", e);
            }
            thread = new Thread(this::run, "badge-reader-" + name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** What logs call this reader: {@code entry} or {@code exit}. */
    public String name() {
        return name;
    }

    /** Frames dropped as malformed since the reader was created. */
    public long droppedFrames() {
        return decoder.droppedFrames();
    }

    /** Whether the port is open and being read right now. */
    public boolean isConnected() {
        return connected;
    }

    /** Attempts to open the port that failed since the reader was created. */
    public long failedOpenAttempts() {
        return failedOpenAttempts;
    }

    boolean isRunning() {
        synchronized (lifecycle) {
            return thread != null && thread.isAlive();
        }
    }

    /** Stops the thread and closes the port. Returns within about two seconds; idempotent. */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            if (wait != null) {
                wait.stop();
            }
        }
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            log.warn("Badge reader {} on {}: thread did not stop within {} ms", name, portPath,
                    STOP_TIMEOUT_MILLIS);
        }
    }

    private void run() {
        org.accessctl.threads.Scheduling.badgePath(); // a frame's thread runs as it arrives
        try {
            warmUpDecoding();
            while (!wait.isStopped()) {
                readWhileConnected();
                wait.pause(backoff.nextDelayMillis());
            }
        } finally {
            connected = false;
            wait.close();
            log.info("Badge reader {} on {}: stopped", name, portPath);
        }
    }

    private void readWhileConnected() {
        int fd = -1;
        try {
            fd = openAndConfigure();
            lineSettings = LineSettings.read(fd);
        } catch (IOException | RuntimeException | LinkageError e) {
            // LinkageError: jssc's native library failed to load. Retrying is pointless but
            // harmless, and keeps the failure in the logs instead of killing the thread.
            closeQuietly(fd);
            reportOpenFailure(e);
            return;
        }
        long openedAt = System.nanoTime();
        reportOpened();
        connected = true;
        try {
            readUntilStopped(fd);
        } catch (IOException | RuntimeException e) {
            if (!wait.isStopped()) {
                log.warn("Badge reader {} on {}: lost the line ({}); reconnecting", name, portPath,
                        e.getMessage());
            }
        } finally {
            connected = false;
            // A frame cut by the loss must not be completed by bytes from after the reconnect.
            decoder.reset();
            closeQuietly(fd);
        }
        if (System.nanoTime() - openedAt >= backoff.maxMillis() * 1_000_000L) {
            backoff.reset();
        }
    }

    /**
     * Opens the line through jssc's public native interface, whose handle is the line's file
     * descriptor on Linux (open(2), then TIOCEXCL), and returns that descriptor. The reader waits
     * on it with poll(2), which wakes the moment a byte arrives and lets the reader be stopped at
     * once. None of jssc's own reads fits a door: {@code readBytes(n)} blocks in native code with no
     * timeout and cannot be woken by closing the port, {@code readBytes(n, timeout)} spins on the
     * input count without sleeping, and the event listener adds milliseconds.
     */
    private int openAndConfigure() throws IOException {
        SerialNativeInterface jssc = new SerialNativeInterface();
        long handle = jssc.openPort(portPath, true);
        if (handle < 0) {
            throw new IOException(handle == SerialNativeInterface.ERR_PORT_BUSY ? "port busy"
                    : handle == SerialNativeInterface.ERR_PERMISSION_DENIED ? "permission denied"
                    : handle == SerialNativeInterface.ERR_INCORRECT_SERIAL_PORT ? "not a serial port"
                    : "port not found");
        }
        int fd = (int) handle;
        try {
            if (!jssc.setParams(fd, baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE,
                    true, true, 0)) {
                // jssc reports failure when it cannot set the modem lines, after the line settings
                // took effect; a pseudo-terminal (the simulator) has no modem lines.
                log.info("Badge reader {} on {}: the port did not confirm its settings (expected on a"
                        + " pseudo-terminal); continuing", name, portPath);
            }
            // Bytes queued while nobody was listening are stale: acting on them could open the door
            // for someone who badged long ago and walked away.
            jssc.purgePort(fd, SerialPort.PURGE_RXCLEAR);
            return fd;
        } catch (RuntimeException | LinkageError e) {
            // Opened exclusively (TIOCEXCL): left open, every reconnect would find the port busy.
            closeQuietly(fd);
            throw e;
        }
    }

    /**
     * Decodes a couple of hundred frames of this reader's format on a decoder of its own,
     * delivering nothing, before the first real byte: the first badge after a start then finds
     * its decoding's classes loaded and its code warm, instead of waiting for class loading.
     */
    private void warmUpDecoding() {
        FrameDecoder scratch = FrameDecoder.forFormat(format);
        byte[] frame = FrameEncoder.encode(format, WARM_UP_UID);
        for (int i = 0; i < WARM_UP_FRAMES; i++) {
            scratch.feed(frame, 0, frame.length, uid -> { });
        }
    }

    private void readUntilStopped(int fd) throws IOException {
        byte[] buffer = new byte[READ_BUFFER_SIZE];
        while (true) {
            switch (wait.awaitReadable(fd, IDLE_WAKEUP_MILLIS)) {
                case STOPPED -> {
                    return;
                }
                case HUNG_UP -> throw new IOException("the line hung up; is the reader unplugged?");
                case READABLE -> readAvailable(fd, buffer);
                case TIMED_OUT -> restoreLineSettingsIfChanged(fd);
            }
        }
    }

    private void readAvailable(int fd, byte[] buffer) throws IOException {
        long n = LibC.INSTANCE.read(fd, buffer, new NativeLong(buffer.length)).longValue();
        if (n > 0) {
            decoder.feed(buffer, 0, (int) n, this::deliver);
            warnIfDropping();
        } else if (n == 0) {
            // poll said readable yet there is nothing: the device is gone.
            throw new IOException("end of file; is the reader unplugged?");
        } else {
            int errno = Native.getLastError();
            if (errno != LibC.EINTR && errno != LibC.EAGAIN) {
                throw new IOException("read failed: " + LibC.INSTANCE.strerror(errno));
            }
        }
    }

    /**
     * Called when no byte came for a while: if another program (a getty, {@code stty}) changed the
     * line's settings, reads may have stopped for that reason alone. Put them back and say so.
     */
    private void restoreLineSettingsIfChanged(int fd) throws IOException {
        byte[] now = LineSettings.read(fd);
        if (java.util.Arrays.equals(now, lineSettings)) {
            return;
        }
        LineSettings.write(fd, lineSettings);
        settingsRestored++;
        if (settingsRestored == 1 || settingsWarnings.tryAcquire()) {
            log.warn("Badge reader {} on {}: another program changed the line's settings{} (a getty or"
                            + " stty on this port?); set them again to {} baud 8N1 raw ({} time(s) so far)."
                            + " Check that no console or getty uses {} (door-controller doctor)",
                    name, portPath, LineSettings.canonical(now) ? " to canonical mode, which stops reads" : "",
                    baud, settingsRestored, portPath);
        }
    }

    private void deliver(String uid) {
        if (!repeatFilter.accept(uid)) {
            log.trace("Badge reader {}: repeat of {} suppressed", name, uid);
            return;
        }
        log.debug("Badge reader {}: read {}", name, uid);
        try {
            onBadge.accept(uid);
        } catch (RuntimeException e) {
            log.error("Badge reader {}: the read of {} could not be handed on", name, uid, e);
        }
    }

    private void warnIfDropping() {
        long dropped = decoder.droppedFrames();
        if (dropped > droppedAtLastWarning && dropWarnings.tryAcquire()) {
            log.warn("Badge reader {} on {}: {} malformed frame(s) dropped since the last report,"
                            + " {} in all; check the wiring, the baud rate ({}) and the format ({})",
                    name, portPath, dropped - droppedAtLastWarning, dropped, baud,
                    format.configName());
            droppedAtLastWarning = dropped;
        }
    }

    private void reportOpenFailure(Throwable e) {
        failedOpenAttempts++;
        failedOpensInARow++;
        if (failedOpensInARow == 1) {
            openWarnings.restart();
        }
        if (failedOpensInARow == 1 || openWarnings.tryAcquire()) {
            log.warn("Badge reader {}: cannot open {} ({}); {} attempt(s) so far, retrying every"
                            + " {} s at most", name, portPath, e.getMessage(), failedOpensInARow,
                    MAX_RETRY.toSeconds());
        } else {
            log.debug("Badge reader {}: cannot open {} ({})", name, portPath, e.getMessage());
        }
    }

    private void reportOpened() {
        if (failedOpensInARow > 0) {
            log.info("Badge reader {}: reading {} ({}, {} baud) after {} failed attempt(s)", name,
                    portPath, format.configName(), baud, failedOpensInARow);
        } else {
            log.info("Badge reader {}: reading {} ({}, {} baud)", name, portPath,
                    format.configName(), baud);
        }
        failedOpensInARow = 0;
    }

    private void closeQuietly(int fd) {
        if (fd >= 0 && !new SerialNativeInterface().closePort(fd)) {
            log.debug("Badge reader {}: closing {} failed", name, portPath);
        }
    }
}
