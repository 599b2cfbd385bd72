package io.emotrace.rules;

import io.emotrace.output.FileTrees;
import io.emotrace.output.ResultJson;
import io.emotrace.output.TimelineJson;
import io.emotrace.output.TranscriptText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where re-evaluations of a published run go, since a published run folder is never modified: beside
 * {@code <run>/}, in {@code <run>.rules/}, each re-evaluation is one numbered revision folder
 * {@code 0001/, 0002/, ...} holding rules.json and the rule-adjusted result.json, timeline.json and
 * transcript.txt. A revision is prepared in a hidden folder and published by one atomic rename, so readers see a
 * complete revision or none. The highest number is current; older ones are the history.
 */
public final class RuleRevisions {
    public static final String SUFFIX = ".rules";
    private static final Pattern REVISION = Pattern.compile("\\d{4,9}");
    /** The run's files a revision carries, rebuilt from the run's own copies each time. */
    private static final String[] CARRIED = {ResultJson.FILE_NAME, TimelineJson.FILE_NAME, TranscriptText.FILE_NAME};

    private RuleRevisions() {
    }

    /** {@code <run>.rules/} beside the run folder. */
    public static Path folder(Path runDir) {
        Path abs = runDir.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + SUFFIX);
    }

    /** The current revision, if the run was re-evaluated since it was published. */
    public static Optional<Path> latest(Path runDir) throws IOException {
        Path folder = folder(runDir);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        Path best = null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (REVISION.matcher(name).matches() && Files.isDirectory(p)
                        && (best == null || Long.parseLong(name) > Long.parseLong(best.getFileName().toString()))) {
                    best = p;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The folder whose result.json, timeline.json and transcript.txt are current: the latest revision, or the run. */
    public static Path current(Path runDir) throws IOException {
        return latest(runDir).orElse(runDir);
    }

    /** Prepares a revision from the run's own files, lets {@code fill} write into it, then publishes it. */
    public static Path publish(Path runDir, Filler fill) throws IOException {
        Path folder = Files.createDirectories(folder(runDir));
        Path work = folder.resolve(".partial-" + UUID.randomUUID());
        Files.createDirectory(work);
        try {
            for (String f : CARRIED) {
                Path src = runDir.resolve(f);
                if (Files.isRegularFile(src)) {
                    Files.copy(src, work.resolve(f));
                }
            }
            fill.fill(work);
            while (true) {
                long next = latest(runDir).map(p -> Long.parseLong(p.getFileName().toString()) + 1).orElse(1L);
                Path target = folder.resolve(String.format(Locale.ROOT, "%04d", next));
                try {
                    Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                    return target;
                } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    // another re-evaluation published this number first: take the next
                }
            }
        } finally {
            if (Files.exists(work)) {
                FileTrees.delete(work);
            }
        }
    }

    @FunctionalInterface
    public interface Filler {
        void fill(Path work) throws IOException;
    }
}
