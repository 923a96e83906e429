package org.accessctl.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The broker's bytes, read off the socket as fast as they arrive by a thread of their own and
 * handed to Paho at Paho's pace. A broker drops QoS 0 messages for a client whose socket stays
 * full (Mosquitto as it comes: once 1,000 packets wait): Paho passes each message through a
 * queue of ten to its callback thread and so reads far slower than a broker sends a large
 * retained set, and a door would lose most of its directory. Here the socket never stays full.
 *
 * <p>What Paho has not read yet waits in memory up to {@link #MEMORY_BYTES}, beyond that in an
 * unlinked temporary file (nothing is left behind if the process dies), so a retained set of
 * any size costs no heap. A read that finds nothing waits as long as the socket's timeout and
 * then throws {@link SocketTimeoutException}, as the socket itself would: Paho reads with a
 * timeout and resumes. An error or the end of the stream reaches Paho after the bytes before it.
 */
final class ReadAheadInput extends InputStream {

    static final int MEMORY_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;

    private final InputStream in;
    private final IntSupplier timeoutMillis;
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> memory = new ArrayDeque<>();
    private int memoryBytes;
    private int headPosition;
    private FileChannel spill;
    private long spillRead;
    private long spillWritten;
    private IOException failure;
    private boolean ended;
    private boolean closed;
    private Thread reader;

    /**
     * @param in the socket's stream
     * @param timeoutMillis the socket's read timeout now (0: none)
     */
    ReadAheadInput(InputStream in, IntSupplier timeoutMillis) {
        this.in = Objects.requireNonNull(in);
        this.timeoutMillis = Objects.requireNonNull(timeoutMillis);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        synchronized (lock) {
            startReader();
            if (len == 0) {
                return 0;
            }
            long timeout = timeoutMillis.getAsInt();
            long deadline = System.nanoTime() + timeout * 1_000_000L;
            while (true) {
                if (!memory.isEmpty()) {
                    return fromMemory(b, off, len);
                }
                if (spillRead < spillWritten) {
                    return fromSpill(b, off, len);
                }
                if (failure != null || ended || closed) {
                    // All read that came before the end: the file is no longer needed.
                    closeSpill();
                    if (failure != null) {
                        throw failure;
                    }
                    return -1;
                }
                long left = timeout == 0 ? 0 : deadline - System.nanoTime();
                if (timeout != 0 && left <= 0) {
                    throw new SocketTimeoutException("read timed out");
                }
                try {
                    if (timeout == 0) {
                        lock.wait();
                    } else {
                        lock.wait(Math.max(1, left / 1_000_000L));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading");
                }
            }
        }
    }

    private int fromMemory(byte[] b, int off, int len) {
        byte[] head = memory.peekFirst();
        int n = Math.min(len, head.length - headPosition);
        System.arraycopy(head, headPosition, b, off, n);
        headPosition += n;
        memoryBytes -= n;
        if (headPosition == head.length) {
            memory.removeFirst();
            headPosition = 0;
        }
        return n;
    }

    private int fromSpill(byte[] b, int off, int len) throws IOException {
        int n = spill.read(ByteBuffer.wrap(b, off, (int) Math.min(len, spillWritten - spillRead)), spillRead);
        if (n < 0) {
            throw new IOException("read-ahead file ended before its data");
        }
        spillRead += n;
        if (spillRead == spillWritten) {
            // Drained: the next backlog starts from the beginning of the file again.
            spill.truncate(0);
            spillRead = 0;
            spillWritten = 0;
        }
        return n;
    }

    /** Why reading the socket failed, or null while it has not (or it ended by a close). */
    IOException failure() {
        synchronized (lock) {
            return failure;
        }
    }

    @Override
    public int available() {
        synchronized (lock) {
            return (int) Math.min(Integer.MAX_VALUE, memoryBytes + (spillWritten - spillRead));
        }
    }

    /** Whether the thread that reads ahead is running. */
    boolean readingAhead() {
        synchronized (lock) {
            return reader != null && reader.isAlive();
        }
    }

    private void startReader() {
        if (reader == null && !closed) {
            reader = new Thread(this::readAhead, "mqtt-read-ahead");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readAhead() {
        byte[] buffer = new byte[CHUNK_BYTES];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    if (n < 0) {
                        ended = true;
                        lock.notifyAll();
                        return;
                    }
                    store(buffer, n);
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (lock) {
                failure = closed ? null : e;
                ended = true;
                lock.notifyAll();
            }
        }
    }

    /** Keeps {@code n} bytes after those waiting: in memory while they fit and nothing waits in the file. */
    private void store(byte[] buffer, int n) throws IOException {
        if (spillRead == spillWritten && memoryBytes + n <= MEMORY_BYTES) {
            byte[] copy = new byte[n];
            System.arraycopy(buffer, 0, copy, 0, n);
            memory.addLast(copy);
            memoryBytes += n;
            return;
        }
        if (spill == null) {
            spill = openSpill();
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
            spillWritten += spill.write(bytes, spillWritten);
        }
    }

    private static FileChannel openSpill() throws IOException {
        Path file = Files.createTempFile("door-mqtt-", ".read-ahead");
        try {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
            closeSpill();
        }
        in.close();
    }

    private void closeSpill() throws IOException {
        if (spill != null) {
            spill.close();
            spill = null;
            spillRead = 0;
            spillWritten = 0;
        }
    }
}
