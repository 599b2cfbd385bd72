package io.emotrace.web.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes a recording's folder holds, also when the folder is missing or is deleted by another node's sweep. */
class RecordingFilesSizeTest {
    @TempDir
    Path tmp;

    @Test
    void countsTheFilesUnderAFolderAndNothingForOneThatIsGone() throws Exception {
        Path dir = tmp.resolve("rec");
        Files.createDirectories(dir.resolve("outputs"));
        Files.write(dir.resolve("audio.wav"), new byte[1000]);
        Files.write(dir.resolve("outputs").resolve("result.json"), new byte[234]);
        assertEquals(1234, RecordingFiles.size(dir));
        assertEquals(0, RecordingFiles.size(tmp.resolve("never-made")));
        Files.delete(dir.resolve("outputs").resolve("result.json"));
        Files.delete(dir.resolve("outputs"));
        Files.delete(dir.resolve("audio.wav"));
        Files.delete(dir);
        assertEquals(0, RecordingFiles.size(dir)); // deleted meanwhile: no NoSuchFileException
    }
}
