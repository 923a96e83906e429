package org.accessctl.app;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.accessctl.core.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space where the database lives. The log never drops old events to make room,
 * so a disk that fills up would end in failed commits and a door that fails secure; before that,
 * the door says so ({@code disk_low}) and keeps deciding, while there is still room to record it.
 * {@code disk_ok} follows once there is clearly room again.
 */
final class DiskWatch {

    private static final Logger log = LoggerFactory.getLogger(DiskWatch.class);
    /** Low below this many bytes, or below {@link #LOW_SHARE} of the disk, whichever is larger. */
    static final long LOW_BYTES = 64L * 1024 * 1024;
    static final double LOW_SHARE = 0.02;

    private final LongSupplier usable;
    private final LongSupplier total;
    private boolean low;

    DiskWatch(LongSupplier usable, LongSupplier total) {
        this.usable = usable;
        this.total = total;
    }

    static DiskWatch of(Path dbFile) {
        return new DiskWatch(() -> space(dbFile, false), () -> space(dbFile, true));
    }

    List<Event> check(Instant now) {
        long free = usable.getAsLong();
        long size = total.getAsLong();
        if (free < 0 || size <= 0) {
            return List.of(); // cannot tell; say nothing rather than guess
        }
        long threshold = Math.max(LOW_BYTES, (long) (size * LOW_SHARE));
        if (!low && free < threshold) {
            low = true;
            log.warn("disk nearly full: {} MiB free of {} MiB where the database lives", free >> 20, size >> 20);
            return List.of(new Event.DiskLow(now, free, size));
        }
        // Some room to spare before saying it is over, so a disk hovering at the line does not flap.
        if (low && free >= 2 * threshold) {
            low = false;
            log.info("disk space recovered: {} MiB free", free >> 20);
            return List.of(new Event.DiskOk(now, null, free, size));
        }
        return List.of();
    }

    private static long space(Path dbFile, boolean totalSpace) {
        try {
            Path dir = dbFile.toAbsolutePath().getParent();
            FileStore store = Files.getFileStore(dir);
            return totalSpace ? store.getTotalSpace() : store.getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
