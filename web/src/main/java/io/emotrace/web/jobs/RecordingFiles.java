package io.emotrace.web.jobs;

import io.emotrace.output.FileTrees;
import io.emotrace.output.RunDirectory;
import io.emotrace.web.ApiException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a recording's files live: {@code <data>/uploads/<id>/<name>} and {@code <data>/outputs/<id>/<run>/}.
 * Ids are server-generated UUIDs and are validated before any path is built; client file names are reduced to
 * {@code [A-Za-z0-9._-]} and never start with a dot, so no request can reach outside these folders.
 */
public final class RecordingFiles {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SPEAKER = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Path root;

    public RecordingFiles(Path dataDir) {
        this.root = dataDir.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The id, or a 404 for anything that is not a well-formed id (no hint whether it exists). */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ApiException(404, "not_found", "no recording with id '" + printable(id) + "'");
        }
        return id;
    }

    /** A speaker id as diarization writes it (S1, S2, ...); anything else is a 400. */
    public static String checkSpeaker(String speaker) {
        if (speaker == null || !SPEAKER.matcher(speaker).matches()) {
            throw ApiException.badRequest("bad_speaker", "speaker must match [A-Za-z0-9_-]{1,64}");
        }
        return speaker;
    }

    public Path uploadsTmp() {
        return root.resolve("uploads").resolve(".tmp");
    }

    public Path uploadDir(String id) {
        return root.resolve("uploads").resolve(checkId(id));
    }

    public Path outputsDir(String id) {
        return root.resolve("outputs").resolve(checkId(id));
    }

    /** The stored file name for a client-supplied one: safe characters only, at most 100, never hidden. */
    public static String safeFileName(String clientName) {
        String base = clientName == null ? "" : clientName;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        base = base.substring(slash + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.length() > 100) {
            base = base.substring(base.length() - 100);
        }
        return base.isEmpty() ? "upload" : base;
    }

    /** True when {@code p} is inside this service's data folder (a last check before serving or deleting). */
    public boolean contains(Path p) {
        return p.toAbsolutePath().normalize().startsWith(root);
    }

    /**
     * Deletes the crashed runs' hidden work folders under every recording's outputs that were last modified
     * before {@code cutoff} (see {@link RunDirectory#deleteAbandoned}); returns how many.
     */
    public int deleteAbandonedRuns(Instant cutoff) {
        Path outputs = root.resolve("outputs");
        if (!Files.isDirectory(outputs)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> recordings = Files.newDirectoryStream(outputs, Files::isDirectory)) {
            for (Path dir : recordings) {
                n += RunDirectory.deleteAbandoned(dir, cutoff).size();
            }
        } catch (IOException e) {
            // unreadable outputs folder: nothing to clean; the jobs report what they cannot write
        }
        return n;
    }

    /** Removes a recording's upload and outputs. */
    public void deleteAll(String id) throws IOException {
        FileTrees.delete(uploadDir(id));
        FileTrees.delete(outputsDir(id));
    }


    /** Makes a completed rename durable across a power cut (best effort where directories cannot be opened). */
    public static void syncDirectory(Path dir) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems refuse to open directories; durability then rests on the OS
        }
    }

    /**
     * Bytes under a folder (0 when missing; what goes while being counted is not counted: another node's retention
     * sweep may delete a recording this one is sizing, a running job's work folders come and go).
     */
    public static long size(Path dir) throws IOException {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file,
                        java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return java.nio.file.FileVisitResult.CONTINUE; // gone meanwhile (a run's work folder, a sweep)
                    }
                    throw e;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) {
                        throw e;
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
        return total[0];
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }
}
