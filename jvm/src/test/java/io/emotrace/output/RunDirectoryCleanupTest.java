package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashed runs' hidden work folders go once they are a day old; nothing else in the outputs folder is touched. */
public class RunDirectoryCleanupTest {
    @TempDir
    Path outputs;

    /** A real work folder with a file in it, as a run that crashed mid-write leaves it, last modified {@code age} ago. */
    public static Path crashedRun(Path outputs, String name, Duration age) throws Exception {
        RunDirectory run = RunDirectory.create(outputs, name, LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        Files.writeString(run.work().resolve("result.json.tmp"), "{");
        Files.setLastModifiedTime(run.work(), FileTime.from(Instant.now().minus(age)));
        return run.work(); // never committed nor closed: what kill -9 leaves
    }

    @Test
    void onlyDayOldUnpublishedRunsAreDeleted() throws Exception {
        Path old = crashedRun(outputs, "old.wav", Duration.ofHours(25));
        Path young = crashedRun(outputs, "young.wav", Duration.ofHours(2));
        Path published;
        try (RunDirectory done = RunDirectory.create(outputs, "done.wav", LocalDateTime.of(2026, 1, 2, 3, 4, 5))) {
            Files.writeString(done.work().resolve("result.json"), "{}");
            published = done.commit();
        }
        Files.setLastModifiedTime(published, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        Path hiddenOther = Files.createDirectory(outputs.resolve(".cache"));
        Files.setLastModifiedTime(hiddenOther, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        List<Path> deleted = RunDirectory.deleteAbandoned(outputs, Instant.now().minus(RunDirectory.ABANDONED_AFTER));

        assertEquals(List.of(old), deleted);
        assertFalse(Files.exists(old));
        assertTrue(Files.isDirectory(young), "may be a run still going in another process");
        assertTrue(Files.isRegularFile(published.resolve("result.json")), "published results are never touched");
        assertTrue(Files.isDirectory(hiddenOther), "only RunDirectory's own work folders");
    }

    @Test
    void aMissingOutputsFolderIsNothingToClean() {
        assertEquals(List.of(), RunDirectory.deleteAbandoned(outputs.resolve("none"), Instant.now()));
    }
}
