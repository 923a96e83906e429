package org.accessctl.serial;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** A {@code struct pollfd} array for poll(2): {@code int fd; short events; short revents;}. */
final class PollFds {

    private static final int ENTRY_SIZE = 8;

    private final Memory entries;
    private final int count;

    PollFds(int count) {
        this.count = count;
        this.entries = new Memory((long) ENTRY_SIZE * count);
    }

    void set(int index, int fd, short events) {
        entries.setInt((long) index * ENTRY_SIZE, fd);
        entries.setShort((long) index * ENTRY_SIZE + 4, events);
        entries.setShort((long) index * ENTRY_SIZE + 6, (short) 0);
    }

    short revents(int index) {
        return entries.getShort((long) index * ENTRY_SIZE + 6);
    }

    /**
     * Waits as poll(2) does. Returns how many entries have events, 0 on timeout or when a signal
     * interrupted the wait (callers loop anyway), and throws on a real failure.
     */
    int poll(int timeoutMillis) throws java.io.IOException {
        int ready = LibC.INSTANCE.poll(entries, new NativeLong(count), timeoutMillis);
        if (ready >= 0) {
            return ready;
        }
        if (Native.getLastError() == LibC.EINTR) {
            return 0;
        }
        throw new java.io.IOException("poll failed: " + LibC.lastError());
    }
}
