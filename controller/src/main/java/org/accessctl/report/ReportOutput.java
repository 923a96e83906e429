package org.accessctl.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Where a report goes: standard output, or a file replaced in one step. Always UTF-8. */
final class ReportOutput {

    /** The report's text, written to whatever writer the output provides. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private ReportOutput() {
    }

    /** Writes to standard output as UTF-8 bytes, whatever the console's own encoding. */
    static void toStream(OutputStream stream, Content content) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        content.writeTo(out);
        out.flush(); // not closed: standard output belongs to the caller
    }

    /**
     * Writes a temporary file beside {@code file} and moves it into place, so a reader never sees
     * half a report, and an earlier report of the same name survives a failure (a full disk).
     * An existing file is replaced: a report made again is the newer one. The new file is
     * readable by its owner only, as temporary files are: it holds visitors' names.
     */
    static void toFile(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        if (!Files.isDirectory(target.getParent())) {
            throw new IOException("no such directory: " + target.getParent());
        }
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                content.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true); // on the disk before it takes the report's name
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
