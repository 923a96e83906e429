package org.accessctl.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The database's directory: there, writable by this user (SQLite also writes its journal and
 * WAL files beside the database), with room to grow.
 */
final class DatabaseCheck {

    /** As the daemon's disk watch: below this the door raises an alarm. */
    static final long LOW_BYTES = 64L * 1024 * 1024;

    List<Finding> check(Path db) {
        String what = "database " + db;
        Path dir = db.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of(Finding.fail(what, "its directory " + dir + " does not exist",
                    "create it for the door's user (the package makes /var/lib/door-controller), or set db.path"));
        }
        if (Files.exists(db) && (!Files.isRegularFile(db) || !Files.isWritable(db))) {
            return List.of(Finding.fail(what, "exists but is not a writable file for this user",
                    "chown door-controller: " + db + " (and its -wal and -shm files)"));
        }
        try {
            Path probe = Files.createTempFile(dir, ".doctor-", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            return List.of(Finding.fail(what, "cannot write in " + dir + " (" + e.getMessage() + ")",
                    "chown door-controller: " + dir + " (SQLite writes its WAL beside the database)"));
        }
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return List.of(Finding.fail(what, "cannot tell the free space (" + e.getMessage() + ")", "check the file system"));
        }
        String size = free / (1024 * 1024) + " MiB free";
        if (free < LOW_BYTES) {
            return List.of(Finding.fail(what, "writable, but only " + size,
                    "free space on that file system: the event log must never be unable to grow"));
        }
        return List.of(Finding.ok(what, (Files.exists(db) ? "writable" : "will be created") + ", " + size));
    }
}
