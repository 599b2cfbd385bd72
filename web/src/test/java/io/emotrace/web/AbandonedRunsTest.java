package io.emotrace.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.emotrace.output.RunDirectoryCleanupTest;
import io.emotrace.web.jobs.RecordingFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's start removes the run folders a crash left in any recording's outputs over a day ago. */
class AbandonedRunsTest {
    @TempDir
    Path data;

    @Test
    void startRemovesDayOldUnfinishedRunsOnly() throws Exception {
        Path outputs = data.resolve("outputs").resolve(RecordingFiles.newId());
        Path old = RunDirectoryCleanupTest.crashedRun(outputs, "meeting.flac", Duration.ofHours(30));
        Path young = RunDirectoryCleanupTest.crashedRun(outputs, "other.flac", Duration.ofHours(1));
        Path published = Files.createDirectories(outputs.resolve("meeting_20260102_030405"));
        try (EmotraceServer server = EmotraceServer.start(ServiceConfig.defaults().port(0).dataDir(data),
                ServiceStages.light(), List.of())) {
            assertFalse(Files.exists(old), "a day-old .partial- folder is a crashed run");
            assertTrue(Files.isDirectory(young), "a young one may still be written");
            assertTrue(Files.isDirectory(published));
        }
    }
}
