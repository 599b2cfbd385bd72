package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void failureMidWriteLeavesNeitherTargetNorTemp() throws IOException {
        Path target = dir.resolve("result.json");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("{\"half\":".getBytes());
            throw new IOException("disk full (injected)");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names());
    }

    @Test
    void failedRewriteKeepsTheOldCompleteContent() throws IOException {
        Path target = dir.resolve("result.json");
        AtomicFiles.write(target, "{\"v\":1}".getBytes());
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("{\"v\":".getBytes());
            throw new IOException("crash (injected)");
        }));
        assertEquals("{\"v\":1}", Files.readString(target));
        AtomicFiles.write(target, "{\"v\":2}".getBytes());
        assertEquals("{\"v\":2}", Files.readString(target));
        assertEquals(List.of("result.json"), names());
    }

    @Test
    void runDirectoryIsHiddenUntilCommittedAndNamesDoNotCollide() throws IOException {
        LocalDateTime t = LocalDateTime.of(2025, 3, 4, 5, 6, 7);
        Path first;
        try (RunDirectory run = RunDirectory.create(dir, "meeting one.mp3", t)) {
            Files.writeString(run.work().resolve("x.txt"), "x");
            assertTrue(run.work().getFileName().toString().startsWith(".meeting_one_20250304_050607.partial-"));
            first = run.commit();
        }
        assertEquals("meeting_one_20250304_050607", first.getFileName().toString());
        assertTrue(Files.exists(first.resolve("x.txt")));
        try (RunDirectory run = RunDirectory.create(dir, "meeting one.mp3", t)) {
            Files.writeString(run.work().resolve("y.txt"), "y");
            assertEquals("meeting_one_20250304_050607_2", run.commit().getFileName().toString());
        }
        try (RunDirectory run = RunDirectory.create(dir, "abandoned.wav", t)) {
            Files.writeString(run.work().resolve("half.json"), "{");
        }
        assertEquals(List.of("meeting_one_20250304_050607", "meeting_one_20250304_050607_2"), names());
    }

    @Test
    void safeNames() {
        assertEquals("a_b__1_", RunDirectory.safeName("a b (1).flac"));
        assertEquals("audio.hidden", RunDirectory.safeName(".hidden"));
        assertEquals("x.tar", RunDirectory.safeName("x.tar.gz"));
    }
}
