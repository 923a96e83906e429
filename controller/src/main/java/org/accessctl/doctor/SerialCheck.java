package org.accessctl.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.accessctl.config.ReaderSettings;
import org.accessctl.serial.SerialLineProbe;

/**
 * A badge reader's serial device: present, readable and writable by this user, not the kernel's
 * console nor a getty's terminal (either would fight the door for the line), and its settings.
 */
final class SerialCheck {

    private final Path proc;
    private final Path gettyWants;

    /**
     * @param proc where {@code cmdline} and the processes are ({@code /proc})
     * @param gettyWants where enabled serial gettys are linked ({@code /etc/systemd/system/getty.target.wants})
     */
    SerialCheck(Path proc, Path gettyWants) {
        this.proc = proc;
        this.gettyWants = gettyWants;
    }

    List<Finding> check(String side, ReaderSettings reader) {
        String what = "serial " + side + " reader " + reader.port();
        Path port = Path.of(reader.port());
        if (!Files.exists(port)) {
            return List.of(Finding.fail(what, "no such device",
                    "for the Pi's UART enable it (raspi-config > Interface Options > Serial Port: login shell no,"
                            + " hardware yes) and reboot; for a USB reader plug it in and check the name with ls /dev/serial/by-id"));
        }
        if (!Files.isReadable(port) || !Files.isWritable(port)) {
            return List.of(Finding.fail(what, "not readable and writable by this user",
                    "run the door as a user in group dialout (the package's door-controller user is)"));
        }
        Set<String> names = names(port);
        List<Finding> out = new ArrayList<>();
        Optional<String> console = console(names);
        Optional<String> getty = getty(names);
        if (console.isPresent()) {
            out.add(Finding.fail(what, "the kernel's console is on it (" + console.get() + " in /proc/cmdline)",
                    "raspi-config > Interface Options > Serial Port: login shell no, hardware yes (or remove "
                            + console.get() + " from /boot/firmware/cmdline.txt), then reboot"));
        } else if (getty.isPresent()) {
            out.add(Finding.fail(what, getty.get(), "systemctl disable --now serial-getty@" + kernelName(port)
                    + ".service (or raspi-config > Interface Options > Serial Port: login shell no)"));
        } else {
            out.add(Finding.ok(what, "present, readable, no console or getty on it"));
        }
        try {
            String settings = SerialLineProbe.describe(reader.port());
            out.add(Finding.ok(what + " settings", "now " + settings + "; the door sets " + reader.baud()
                    + " baud 8N1 raw when it opens the line, and again if another program changes them"));
        } catch (IOException | RuntimeException | LinkageError e) {
            out.add(Finding.fail(what + " settings", "cannot read them: " + e.getMessage(),
                    "check that the device is a serial line and that nothing holds it exclusively"));
        }
        return out;
    }

    /** The device's names: as configured and as the kernel calls it (serial0 -> ttyS0 or ttyAMA0). */
    private static Set<String> names(Path port) {
        Set<String> names = new LinkedHashSet<>();
        names.add(port.getFileName().toString());
        names.add(kernelName(port));
        return names;
    }

    private static String kernelName(Path port) {
        try {
            return port.toRealPath().getFileName().toString();
        } catch (IOException e) {
            return port.getFileName().toString();
        }
    }

    private Optional<String> console(Set<String> names) {
        String cmdline;
        try {
            cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String token : cmdline.trim().split("\\s+")) {
            if (token.startsWith("console=")) {
                String device = token.substring("console=".length()).split(",")[0];
                if (names.contains(device) || names.contains(kernelName(Path.of("/dev", device)))) {
                    return Optional.of(token);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> getty(Set<String> names) {
        for (String name : names) {
            if (Files.exists(gettyWants.resolve("serial-getty@" + name + ".service"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("serial-getty@" + name + ".service is enabled: a login prompt would take the line");
            }
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path p : processes) {
                String comm;
                List<String> args;
                try {
                    comm = Files.readString(p.resolve("comm"), StandardCharsets.UTF_8).trim();
                    if (!comm.contains("getty")) {
                        continue;
                    }
                    args = List.of(Files.readString(p.resolve("cmdline"), StandardCharsets.UTF_8).split("\0"));
                } catch (IOException e) {
                    continue; // the process ended meanwhile
                }
                for (String arg : args) {
                    String base = arg.startsWith("/dev/") ? arg.substring(5) : arg;
                    if (names.contains(base)) {
                        return Optional.of("a getty (" + comm + ", pid " + p.getFileName() + ") runs on it");
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
