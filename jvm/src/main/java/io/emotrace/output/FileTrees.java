package io.emotrace.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole-directory deletion for work folders, caches and a recording's files. */
public final class FileTrees {
    /** Walks tried before giving up on a tree that others keep changing (about 2.7 s of waiting in all). */
    static final int ATTEMPTS = 10;

    private FileTrees() {
    }

    /**
     * Deletes {@code dir} and everything under it, children first; a missing {@code dir} is not an error. Another
     * process may change the tree during the walk (a runner writing its last output as a recording is deleted,
     * another node deleting the same folder): the walk is then started again, a few times, before the error is
     * reported.
     */
    public static void delete(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteOnce(dir);
                return;
            } catch (DirectoryNotEmptyException | NoSuchFileException | UncheckedIOException e) {
                if (attempt >= ATTEMPTS) {
                    throw e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
                }
            }
            try {
                Thread.sleep(50L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while deleting " + dir, e);
            }
        }
    }

    private static void deleteOnce(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
