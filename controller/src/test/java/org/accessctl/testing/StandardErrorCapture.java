package org.accessctl.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects what is written to {@code System.err} while it is open, and still passes it on.
 * The daemon's log (slf4j-simple) goes to whatever {@code System.err} is at the time of each
 * line, so this is how tests read the log, also lines written by other threads.
 */
public final class StandardErrorCapture implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    public StandardErrorCapture() {
        this.original = System.err;
        System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    }

    /** Everything written so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the text contains {@code fragment}; fails with the text when it does not. */
    public String awaitContaining(String fragment) {
        Await.until(Await.DEFAULT, () -> text().contains(fragment), () -> "'" + fragment + "' on standard error; got:\n" + text());
        return text();
    }

    @Override
    public void close() {
        System.setErr(original);
    }

    private static final class Tee extends OutputStream {
        private final OutputStream passOn;
        private final ByteArrayOutputStream keep;

        Tee(OutputStream passOn, ByteArrayOutputStream keep) {
            this.passOn = passOn;
            this.keep = keep;
        }

        @Override
        public void write(int b) {
            synchronized (keep) {
                keep.write(b);
            }
            try {
                passOn.write(b);
            } catch (java.io.IOException e) {
                // the original stream failing must not fail the code under test
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (keep) {
                keep.write(b, off, len);
            }
            try {
                passOn.write(b, off, len);
            } catch (java.io.IOException e) {
                // as above
            }
        }

        @Override
        public void flush() {
            try {
                passOn.flush();
            } catch (java.io.IOException e) {
                // as above
            }
        }
    }
}
