package org.accessctl.doctor;

import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accessctl.config.ControllerConfig;

/**
 * The Raspberry Pi's GPIO chip, found by its label on the GPIO character devices, and whether the
 * configured pins are free. Asks the kernel through the character device's ioctls, as libgpiod
 * does, so it needs neither Pi4J nor a board Pi4J recognises.
 */
final class GpioCheck {

    /** {@code GPIO_GET_CHIPINFO_IOCTL}: name[32], label[32], lines. */
    private static final int CHIPINFO = 0x8044B401;
    private static final int CHIPINFO_SIZE = 68;
    /** {@code GPIO_GET_LINEINFO_IOCTL}: offset, flags, name[32], consumer[32]. */
    private static final int LINEINFO = 0xC048B402;
    private static final int LINEINFO_SIZE = 72;
    private static final int FLAG_USED = 1;
    /** The 40-pin header's chip: Pi 1 to 3 and Zero (bcm2835), Pi 4 (bcm2711), Pi 5 (rp1). */
    private static final List<String> HEADER_LABELS = List.of("pinctrl-bcm2835", "pinctrl-bcm2711", "pinctrl-rp1",
            "raspberrypi-exp-gpio");

    private final Path devices;

    GpioCheck(Path devices) {
        this.devices = devices;
    }

    List<Finding> check(ControllerConfig c) {
        String what = "GPIO chip";
        List<Path> chips = chips();
        if (chips.isEmpty()) {
            return List.of(Finding.fail(what, "no GPIO character device (" + devices + "/gpiochip*) on this machine",
                    "run the door on a Raspberry Pi; on a desk, use the simulator (door-sim.jar)"));
        }
        List<String> seen = new ArrayList<>();
        for (Path chip : chips) {
            int fd = NativeCalls.INSTANCE.open(chip.toString(), NativeCalls.O_RDONLY | NativeCalls.O_CLOEXEC, 0);
            if (fd < 0) {
                return List.of(Finding.fail(what, "cannot open " + chip + " (" + NativeCalls.lastError() + ")",
                        "run the door as a user in group gpio (the package's door-controller user is)"));
            }
            try {
                byte[] info = new byte[CHIPINFO_SIZE];
                if (NativeCalls.INSTANCE.ioctl(fd, request(CHIPINFO), info) != 0) {
                    seen.add(chip.getFileName() + " (unreadable)");
                    continue;
                }
                String label = text(info, 32, 32);
                seen.add(chip.getFileName() + " \"" + label + "\"");
                if (HEADER_LABELS.stream().anyMatch(label::startsWith)) {
                    List<Finding> out = new ArrayList<>();
                    out.add(Finding.ok(what, chip + " \"" + label + "\" (the 40-pin header)"));
                    out.add(pins(fd, c));
                    return out;
                }
            } finally {
                NativeCalls.INSTANCE.close(fd);
            }
        }
        return List.of(Finding.fail(what, "no Raspberry Pi header chip among " + String.join(", ", seen),
                "run the door on a Raspberry Pi (Pi 1 to 5) with Raspberry Pi OS"));
    }

    private Finding pins(int fd, ControllerConfig c) {
        Map<String, Integer> pins = new LinkedHashMap<>();
        pins.put("gpio.relay.pin", c.gpioRelayPin());
        pins.put("gpio.door.pin", c.gpioDoorPin());
        pins.put("gpio.rex.pin", c.gpioRexPin());
        pins.put("gpio.buzzer.pin", c.gpioBuzzerPin());
        pins.put("gpio.led.green.pin", c.gpioLedGreenPin());
        pins.put("gpio.led.red.pin", c.gpioLedRedPin());
        List<String> busy = new ArrayList<>();
        for (Map.Entry<String, Integer> pin : pins.entrySet()) {
            byte[] info = new byte[LINEINFO_SIZE];
            writeInt(info, 0, pin.getValue());
            if (NativeCalls.INSTANCE.ioctl(fd, request(LINEINFO), info) != 0) {
                busy.add("GPIO " + pin.getValue() + " (" + pin.getKey() + ") cannot be read: " + NativeCalls.lastError());
                continue;
            }
            if ((readInt(info, 4) & FLAG_USED) != 0) {
                String consumer = text(info, 40, 32);
                busy.add("GPIO " + pin.getValue() + " (" + pin.getKey() + ") is in use by "
                        + (consumer.isEmpty() ? "the kernel or another program" : "\"" + consumer + "\""));
            }
        }
        String what = "GPIO pins";
        if (busy.isEmpty()) {
            return Finding.ok(what, "GPIO " + pins.values() + " free");
        }
        return Finding.fail(what, String.join("; ", busy),
                "stop what holds the pin (door-controller itself: systemctl stop door-controller; a device-tree"
                        + " overlay in /boot/firmware/config.txt: remove it), or wire and configure another pin");
    }

    private List<Path> chips() {
        List<Path> chips = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(devices, "gpiochip*")) {
            dir.forEach(chips::add);
        } catch (IOException e) {
            return List.of();
        }
        chips.sort(null);
        return chips;
    }

    /** ioctl numbers are unsigned 32-bit; sign-extended they reach the kernel the same on 32- and 64-bit. */
    private static NativeLong request(int code) {
        return new NativeLong(code);
    }

    private static String text(byte[] b, int offset, int max) {
        int end = offset;
        while (end < offset + max && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static int readInt(byte[] b, int offset) {
        return java.nio.ByteBuffer.wrap(b, offset, 4).order(java.nio.ByteOrder.nativeOrder()).getInt();
    }

    private static void writeInt(byte[] b, int offset, int value) {
        java.nio.ByteBuffer.wrap(b, offset, 4).order(java.nio.ByteOrder.nativeOrder()).putInt(value);
    }
}
