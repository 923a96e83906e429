package org.accessctl.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.accessctl.config.ConfigException;
import org.accessctl.config.ConfigLoader;
import org.accessctl.config.ControllerConfig;
import org.accessctl.config.Profile;

/**
 * {@code --fresh}: the simulator starts as it did the first time. Its database survives a
 * restart (persons, visits, people inside, the event log), while the embedded broker starts
 * empty every time, so a demo run twice would otherwise meet a closed visit and a door that
 * refuses to reconcile with an empty broker.
 */
final class FreshStart {

    private FreshStart() {
    }

    /** Deletes {@code db.path} (every door's, with {@code sim.doors}) and SQLite's files beside it. */
    static void forgetDatabase(Path configFile, Properties system) throws ConfigException, IOException {
        ControllerConfig config = configFile == null ? ConfigLoader.loadWithoutFile(system, Profile.SIMULATOR)
                : ConfigLoader.load(configFile, system, Profile.SIMULATOR);
        if (config.simDoors() == 1) {
            forget(config.dbPath());
        } else {
            for (int i = 1; i <= config.simDoors(); i++) {
                forget(SimulatedSite.doorDatabase(config.dbPath(), "door-" + i));
            }
        }
    }

    private static void forget(Path db) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
    }

    /**
     * Without {@code records.directoryKeys} in the configuration, the simulator's own key (made on
     * its first start, beside the database) is set as a system property so the door loads it;
     * returns its private key's path. Null when the configuration names a key file of its own.
     */
    static Path directoryKey(Path configFile, Properties system) throws ConfigException, IOException {
        ControllerConfig config = configFile == null ? ConfigLoader.loadWithoutFile(system, Profile.SIMULATOR)
                : ConfigLoader.load(configFile, system, Profile.SIMULATOR);
        if (config.recordsDirectoryKeys().isPresent()) {
            return null;
        }
        Path dir = config.dbPath().toAbsolutePath().getParent();
        Path keys = SimDirectoryKey.ensure(dir);
        system.setProperty("records.directoryKeys", keys.toString());
        Path relative = Path.of("").toAbsolutePath().relativize(SimDirectoryKey.privateKey(dir));
        return relative.startsWith("..") ? SimDirectoryKey.privateKey(dir) : relative;
    }
}
