package org.accessctl.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages from the broker on their way to the door loop, kept in a file beside the database.
 *
 * <p>A broker sends its whole retained set the moment the door subscribes, faster than records
 * can be stored. Holding it in memory would fill the heap; not reading the socket would make a
 * stock Mosquitto (2.0.16 and later) drop what it cannot queue, and would stall the answers to
 * the door's own publications on the same connection. So Paho's thread only appends here, which
 * never waits for the door, and the loop reads at its own pace. What is spooled but not yet
 * stored is lost with the process; the next connection's sync brings it again.
 *
 * <p>One thread appends, one (the door loop) reads. The file is emptied whenever the reader has
 * caught up.
 */
final class RecordSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordSpool.class);
    private static final int HEADER = 4 + 1 + 2;
    /** Empty the file once the reader has caught up and it has grown past this. */
    private static final long COMPACT_AT = 1 << 20;

    /** What an entry is. */
    enum Kind { RECORD, SYNC_START, SYNC_MARKER, SYNCED }

    /** {@code Kind.values()} copies the array at every call, and every spooled record reads one. */
    private static final Kind[] KINDS = Kind.values();

    /** One spooled message. */
    record Entry(Kind kind, String topic, byte[] payload) {
    }

    private final Path file;
    private final FileChannel channel;
    private final Object lock = new Object();
    /** End of what is fully written; guarded by {@link #lock}. */
    private long writeEnd;
    /** Where the reader goes on; the loop thread's only. */
    private long readAt;
    private ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024).flip();
    private long readBufferAt;
    private long lost;

    private RecordSpool(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens the spool at {@code file}, discarding what an earlier run left in it. */
    static RecordSpool open(Path file) {
        try {
            FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            return new RecordSpool(file, c);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the intake spool " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one message. Never waits for the reader. Returns false if it could not be written
     * (the disk is full): the message is lost, and the caller must not trust the sync it was part of.
     */
    boolean append(Kind kind, String topic, byte[] payload) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(HEADER + t.length + payload.length);
        b.putInt(1 + 2 + t.length + payload.length).put((byte) kind.ordinal()).putShort((short) t.length)
                .put(t).put(payload).flip();
        synchronized (lock) {
            try {
                long at = writeEnd;
                while (b.hasRemaining()) {
                    at += channel.write(b, at);
                }
                writeEnd = at;
                return true;
            } catch (IOException e) {
                lost++;
                if (lost == 1 || Long.bitCount(lost) == 1) {
                    log.warn("{} broker message(s) lost: cannot write the intake spool ({})", lost, e.getMessage());
                }
                return false;
            }
        }
    }

    /** The next entry, or null when the reader has caught up. Loop thread only. */
    Entry next() {
        long end;
        synchronized (lock) {
            end = writeEnd;
            if (readAt == end) {
                compactIfLarge();
                return null;
            }
        }
        try {
            ByteBuffer b = ensure(4, end);
            int length = b.getInt(b.position());
            b = ensure(4 + length, end);
            b.getInt();
            Kind kind = KINDS[b.get()];
            byte[] topic = new byte[b.getShort()];
            b.get(topic);
            byte[] payload = new byte[length - 1 - 2 - topic.length];
            b.get(payload);
            readAt += 4 + length;
            return new Entry(kind, new String(topic, StandardCharsets.UTF_8), payload);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the intake spool " + file + ": " + e.getMessage(), e);
        }
    }

    /** True when nothing waits for the reader. */
    boolean isEmpty() {
        synchronized (lock) {
            return readAt == writeEnd;
        }
    }

    /** The buffer positioned at {@link #readAt} with at least {@code n} bytes readable. */
    private ByteBuffer ensure(int n, long end) throws IOException {
        int offset = (int) (readAt - readBufferAt);
        if (offset < 0 || offset + n > readBuffer.limit()) {
            if (n > readBuffer.capacity()) {
                readBuffer = ByteBuffer.allocate(n);
            }
            readBuffer.clear();
            readBuffer.limit((int) Math.min(readBuffer.capacity(), end - readAt));
            long at = readAt;
            while (readBuffer.hasRemaining()) {
                int read = channel.read(readBuffer, at);
                if (read < 0) {
                    throw new IOException("the spool ends early");
                }
                at += read;
            }
            readBuffer.flip();
            readBufferAt = readAt;
            offset = 0;
        }
        readBuffer.position(offset);
        return readBuffer;
    }

    private void compactIfLarge() {
        if (writeEnd < COMPACT_AT) {
            return;
        }
        try {
            channel.truncate(0);
            writeEnd = 0;
            readAt = 0;
            readBufferAt = 0;
            readBuffer.clear().flip();
        } catch (IOException e) {
            log.warn("cannot empty the intake spool: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("closing the intake spool: {}", e.getMessage());
        }
    }
}
