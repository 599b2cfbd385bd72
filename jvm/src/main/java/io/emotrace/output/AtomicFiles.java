package io.emotrace.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file so that readers see either the old content or the complete new one: the bytes go to a hidden
 * temporary file in the same directory (same file system, so the rename is atomic), are synced, and the
 * temporary file is renamed onto the target with ATOMIC_MOVE. On any failure the temporary file is deleted.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path temp = tempSibling(abs);
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(ch);
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            publish(temp, abs);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * A hidden, unique name beside {@code target} (same directory, hence same file system, so {@link #publish}
     * is a real rename). For writers that stream into it themselves, e.g. the WAV writer.
     */
    public static Path tempSibling(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    }

    /** Renames a complete, synced temporary file onto {@code target}, replacing it atomically. */
    public static void publish(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Streams {@code value} as JSON into {@code target} (atomically, as above): an hour's result is tens of MB of
     * JSON, which as one byte array (and the builder's copies of it) set the service's peak memory.
     */
    public static void writeJson(Path target, com.fasterxml.jackson.databind.ObjectMapper mapper, Object value)
            throws IOException {
        write(target, out -> mapper.writer().without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, value));
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Best effort: makes a completed rename durable across a power cut (a no-op where unsupported). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems refuse to open directories; durability then rests on the OS
        }
    }
}
