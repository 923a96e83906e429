package org.accessctl.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PseudoTerminalTest {

    @Test
    void bytesWrittenToTheMasterArriveUnchangedAtTheSlave() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             InputStream slave = new FileInputStream(pty.slavePath())) {
            // CR, LF, DEL and control bytes are exactly what a cooked terminal would mangle.
            byte[] sent = Bytes.of(0x02, "62e3086CED08", 0x0D, 0x0A, 0x03, 0x00, 0x7F, 0xFF, 0x11, 0x13);
            pty.write(sent);
            assertArrayEquals(sent, readExactly(slave, sent.length));
        }
    }

    @Test
    void largeWritesAreWrittenCompletely() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open();
             InputStream slave = new FileInputStream(pty.slavePath())) {
            byte[] sent = new byte[3000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) i;
            }
            pty.write(sent);
            assertArrayEquals(sent, readExactly(slave, sent.length));
        }
    }

    @Test
    void slavePathIsADevice() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            assertTrue(pty.slavePath().startsWith("/dev/pts/"), pty.slavePath());
            assertTrue(Files.exists(Path.of(pty.slavePath())));
        }
    }

    @Test
    void aLineNobodyReadsFailsTheWriteInsteadOfHanging() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            byte[] chunk = new byte[1024];
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1024; i++) {
                    pty.write(chunk);
                }
            });
            assertTrue(e.getMessage().contains("nobody is reading"), e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndWritesAfterItFail() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        pty.close();
        pty.close();
        assertThrows(IOException.class, () -> pty.write(new byte[] {1}));
    }

    /** Reads without ever blocking: a tty reports what it holds through available(). */
    private static byte[] readExactly(InputStream in, int count) throws IOException {
        byte[] got = new byte[count];
        int have = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (have < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + have + " of " + count + " bytes arrived");
            }
            int available = in.available();
            if (available > 0) {
                have += in.read(got, have, Math.min(available, count - have));
            } else {
                Thread.onSpinWait();
            }
        }
        return got;
    }
}
