package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    /** A writer that keeps adding files for a moment (a runner finishing as its recording is deleted) does not fail it. */
    @Test
    void aTreeThatAnotherThreadStillWritesIsDeletedOnceTheWriterStops(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("rec").resolve("deep"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(dir.resolve("f" + i), "x");
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            for (int i = 0; !stop.get() && System.nanoTime() < end; i++) {
                try {
                    Files.createDirectories(dir);
                    Files.writeString(dir.resolve("late" + i), "x");
                } catch (IOException ignored) {
                    // the deleter got there first; try again
                }
            }
        });
        writer.start();
        FileTrees.delete(tmp.resolve("rec"));
        stop.set(true);
        writer.join();
        FileTrees.delete(tmp.resolve("rec")); // anything the writer left after the first walk
        assertFalse(Files.exists(tmp.resolve("rec")));
        FileTrees.delete(tmp.resolve("rec")); // missing: not an error
    }
}
