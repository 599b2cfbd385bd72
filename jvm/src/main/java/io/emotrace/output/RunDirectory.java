package io.emotrace.output;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The directory of one analysis, {@code <outputs>/<name>_<YYYYMMDD_HHMMSS>/}. Everything is written into a
 * hidden sibling {@code .<name>_<ts>.partial-<id>/} which is renamed to the final name only when all files are
 * complete, so a directory with the final name is always a complete result. A crash (kill -9, power cut)
 * leaves at most a hidden {@code .partial-} directory, which is safe to delete ({@link #deleteAbandoned} does, at
 * the start of {@code analyze} and {@code serve}, once it is a day old). If the final name is taken
 * (two runs in the same second) a suffix {@code _2}, {@code _3}, ... is added.
 */
public final class RunDirectory implements AutoCloseable {
    /** A hidden work directory this old is a crashed run, never one still being written. */
    public static final Duration ABANDONED_AFTER = Duration.ofDays(1);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Path parent;
    private final String baseName;
    private final Path work;
    private Path committed;

    private RunDirectory(Path parent, String baseName, Path work) {
        this.parent = parent;
        this.baseName = baseName;
        this.work = work;
    }

    public static RunDirectory create(Path outputsRoot, String inputName, LocalDateTime time) throws IOException {
        Path parent = outputsRoot.toAbsolutePath().normalize();
        Files.createDirectories(parent);
        String base = safeName(inputName) + "_" + STAMP.format(time);
        Path work = Files.createDirectory(parent.resolve("." + base + ".partial-" + UUID.randomUUID()));
        return new RunDirectory(parent, base, work);
    }

    /** {@code meeting (1).mp3} becomes {@code meeting__1_}: the extension goes, odd characters become '_'. */
    public static String safeName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
        String safe = stem.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.startsWith(".") ? "audio" + safe : safe;
    }

    /** Where files are written until {@link #commit()}. */
    public Path work() {
        return work;
    }

    /** Atomically publishes the complete directory under its final name and returns that name. */
    public Path commit() throws IOException {
        if (committed != null) {
            return committed;
        }
        for (int i = 1; ; i++) {
            Path target = parent.resolve(i == 1 ? baseName : baseName + "_" + i);
            if (Files.exists(target)) {
                continue;
            }
            try {
                Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.syncDirectory(parent);
                committed = target;
                return target;
            } catch (FileAlreadyExistsException e) {
                // lost a race with a concurrent run: try the next suffix
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot atomically publish " + target + ": " + e.getMessage(), e);
            } catch (IOException e) {
                if (Files.exists(target)) {
                    continue; // Linux rename(2) onto a non-empty directory reports ENOTEMPTY
                }
                throw e;
            }
        }
    }

    /** Deletes the unpublished work directory, if it was not committed. */
    @Override
    public void close() throws IOException {
        if (committed == null && Files.exists(work)) {
            FileTrees.delete(work);
        }
    }

    /**
     * Deletes the hidden work directories directly in {@code outputsRoot} last modified before {@code cutoff}:
     * runs that crashed (kill -9, power cut) and will never be published. Younger ones may belong to a run still
     * going in another process, so they stay. Returns what was deleted; one that cannot be deleted is left for
     * the next start, and a missing or unreadable {@code outputsRoot} deletes nothing.
     */
    public static List<Path> deleteAbandoned(Path outputsRoot, Instant cutoff) {
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(outputsRoot)) {
            return deleted;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(outputsRoot, ".*.partial-*")) {
            for (Path p : ds) {
                try {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        FileTrees.delete(p);
                        deleted.add(p);
                    }
                } catch (IOException e) {
                    // left for the next start; a stale hidden folder is harmless
                }
            }
        } catch (IOException e) {
            // unreadable outputs folder: nothing to clean here, the run itself reports what it cannot write
        }
        return deleted;
    }

}
