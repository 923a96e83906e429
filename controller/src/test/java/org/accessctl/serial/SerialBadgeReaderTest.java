package org.accessctl.serial;

import java.time.ZoneOffset;
import org.accessctl.testing.Await;
import org.accessctl.testing.MutableClock;
import static org.accessctl.serial.Bytes.ETX;
import static org.accessctl.serial.Bytes.STX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real jssc ports on real pseudo-terminals: the path a badge takes in the simulator. */
class SerialBadgeReaderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T08:00:00Z"), ZoneOffset.UTC);
    private final BlockingQueue<String> reads = new LinkedBlockingQueue<>();
    private PseudoTerminal pty;
    private SerialBadgeReader reader;

    @AfterEach
    void closeEverything() {
        if (reader != null) {
            reader.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    private SerialBadgeReader reader(String path, BadgeFormat format, Consumer<String> onBadge) {
        reader = new SerialBadgeReader("entry", path, 9600, format,
                new RepeatFilter(clock, Duration.ofMillis(1500)), onBadge);
        return reader;
    }

    private SerialBadgeReader connectedReader(BadgeFormat format) throws Exception {
        pty = PseudoTerminal.open();
        reader(pty.slavePath(), format, reads::add).start();
        awaitTrue("connected", reader::isConnected);
        return reader;
    }

    @ParameterizedTest
    @EnumSource(BadgeFormat.class)
    void badgesWrittenToTheLineArriveAsReads(BadgeFormat format) throws Exception {
        connectedReader(format);
        pty.write(FrameEncoder.encode(format, "62E3086CED"));
        assertEquals("62E3086CED", nextRead());

        byte[] split = FrameEncoder.encode(format, "0a1b2c3d4e");
        pty.write(Arrays.copyOfRange(split, 0, 4));
        pty.write(Arrays.copyOfRange(split, 4, 9));
        pty.write(Arrays.copyOfRange(split, 9, split.length));
        assertEquals("0A1B2C3D4E", nextRead());
        assertEquals(0, reader.droppedFrames());
    }

    @Test
    void corruptFramesAreDroppedAndNeverRead() throws Exception {
        connectedReader(BadgeFormat.RDM6300);
        pty.write(Bytes.of(0x00, 0xFF, " noise"));               // noise
        pty.write(Bytes.of(STX, "62E3086CED09", ETX));           // bad checksum
        pty.write(Bytes.of(STX, "0102"));                         // cut short by the next frame
        pty.write(Bytes.of(STX, "62E3086C", ETX));               // too short
        pty.write(FrameEncoder.encode(BadgeFormat.RDM6300, "0102030405"));
        assertEquals("0102030405", nextRead());
        assertEquals(4, reader.droppedFrames());
        assertNull(reads.poll());
    }

    @Test
    void aHeldCardIsOneReadAndTheNextCardPassesAtOnce() throws Exception {
        connectedReader(BadgeFormat.RDM6300);
        byte[] held = FrameEncoder.encode(BadgeFormat.RDM6300, "62E3086CED");
        for (int i = 0; i < 5; i++) {
            pty.write(held);
            clock.advance(Duration.ofMillis(100));
        }
        pty.write(FrameEncoder.encode(BadgeFormat.RDM6300, "0102030405"));
        assertEquals("62E3086CED", nextRead());
        assertEquals("0102030405", nextRead());
        assertNull(reads.poll());
    }

    @Test
    void aFailingConsumerDoesNotStopTheReader() throws Exception {
        pty = PseudoTerminal.open();
        reader(pty.slavePath(), BadgeFormat.LINE, uid -> {
            if (uid.equals("BOOM")) {
                throw new IllegalStateException("queue full");
            }
            reads.add(uid);
        }).start();
        awaitTrue("connected", reader::isConnected);
        pty.write(FrameEncoder.encode(BadgeFormat.LINE, "boom"));
        pty.write(FrameEncoder.encode(BadgeFormat.LINE, "after"));
        assertEquals("AFTER", nextRead());
    }

    @Test
    void closeStopsTheThreadPromptlyAndIsIdempotent() throws Exception {
        connectedReader(BadgeFormat.ID12);
        assertTrue(reader.isRunning());
        long started = System.nanoTime();
        reader.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "close took too long");
        assertFalse(reader.isRunning());
        assertFalse(reader.isConnected());
        reader.close();
        assertThrows(IllegalStateException.class, reader::start);
    }

    @Test
    void theLineIsFreeForAnotherReaderAfterClose() throws Exception {
        connectedReader(BadgeFormat.RDM6300);
        reader.close();
        reader(pty.slavePath(), BadgeFormat.RDM6300, reads::add).start();
        awaitTrue("reconnected", reader::isConnected);
        pty.write(FrameEncoder.encode(BadgeFormat.RDM6300, "62E3086CED"));
        assertEquals("62E3086CED", nextRead());
    }

    @Test
    void aMissingPortIsRetriedWithoutThrowingAndCloseStillReturnsPromptly(@TempDir Path dir) {
        reader(dir.resolve("ttyNOWHERE").toString(), BadgeFormat.RDM6300, reads::add).start();
        awaitTrue("several attempts", () -> reader.failedOpenAttempts() >= 3);
        assertTrue(reader.isRunning());
        assertFalse(reader.isConnected());
        long started = System.nanoTime();
        reader.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "close took too long");
        assertFalse(reader.isRunning());
    }

    @Test
    void aReaderPluggedInLaterIsPickedUp(@TempDir Path dir) throws Exception {
        Path device = dir.resolve("ttyRFID");
        reader(device.toString(), BadgeFormat.RDM6300, reads::add).start();
        awaitTrue("a failed attempt", () -> reader.failedOpenAttempts() >= 1);
        pty = PseudoTerminal.open();
        Files.createSymbolicLink(device, Path.of(pty.slavePath()));
        awaitTrue("connected", reader::isConnected);
        pty.write(FrameEncoder.encode(BadgeFormat.RDM6300, "62E3086CED"));
        assertEquals("62E3086CED", nextRead());
    }

    @Test
    void aReaderThatGoesAwayIsRetried() throws Exception {
        connectedReader(BadgeFormat.RDM6300);
        pty.write(Bytes.of(STX, "62E3"));   // a frame the unplugging cuts in half
        long failedBefore = reader.failedOpenAttempts();
        pty.close();
        awaitTrue("disconnected", () -> !reader.isConnected());
        awaitTrue("retrying", () -> reader.failedOpenAttempts() > failedBefore);
        assertTrue(reader.isRunning());
        assertNull(reads.poll());
        long started = System.nanoTime();
        reader.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(1), "close took too long");
    }

    @Test
    void closingAReaderThatNeverStartedIsHarmless() {
        reader("/dev/null", BadgeFormat.LINE, reads::add).close();
        assertFalse(reader.isRunning());
    }

    @Test
    void constructorRejectsNonsense() {
        RepeatFilter filter = new RepeatFilter(clock, Duration.ZERO);
        assertThrows(IllegalArgumentException.class,
                () -> new SerialBadgeReader("entry", " ", 9600, BadgeFormat.LINE, filter, reads::add));
        assertThrows(IllegalArgumentException.class,
                () -> new SerialBadgeReader("entry", "/dev/ttyS0", 0, BadgeFormat.LINE, filter, reads::add));
        assertThrows(NullPointerException.class,
                () -> new SerialBadgeReader("entry", "/dev/ttyS0", 9600, null, filter, reads::add));
    }

    private String nextRead() throws InterruptedException {
        String uid = reads.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        if (uid == null) {
            throw new AssertionError("no badge read within " + PATIENCE);
        }
        return uid;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        Await.until(PATIENCE, condition, () -> what);
    }

    /** {@code stty sane} on the reader's line, as a getty or a technician would do it. */
    private static void makeCanonical(String path) throws Exception {
        int fd = LibC.INSTANCE.open(path, LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK, 0);
        assertTrue(fd >= 0, "open " + path + ": " + LibC.lastError());
        try (com.sun.jna.Memory termios = new com.sun.jna.Memory(256)) {
            termios.clear();
            assertEquals(0, LibC.INSTANCE.tcgetattr(fd, termios));
            int lflag = termios.getInt(LineSettings.LFLAG_OFFSET);
            termios.setInt(LineSettings.LFLAG_OFFSET, lflag | LineSettings.ICANON | LineSettings.ECHO);
            assertEquals(0, LibC.INSTANCE.tcsetattr(fd, LibC.TCSANOW, termios));
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }

    @Test
    void lineSettingsChangedByAnotherProgramAreSetAgainAndReadsResume() throws Exception {
        try (org.accessctl.testing.StandardErrorCapture log = new org.accessctl.testing.StandardErrorCapture()) {
            connectedReader(BadgeFormat.RDM6300);
            makeCanonical(pty.slavePath());
            log.awaitContaining("another program changed the line's settings to canonical mode");
            pty.write(FrameEncoder.encode(BadgeFormat.RDM6300, "62E3086CED"));
            assertEquals("62E3086CED", nextRead(), "the reader reads again once its settings are back");
        }
    }
}
