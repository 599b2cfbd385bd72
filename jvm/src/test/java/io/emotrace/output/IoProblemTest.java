package io.emotrace.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoProblemTest {
    @TempDir
    Path dir;

    @Test
    void saysWhatWentWrongAndWhere() throws Exception {
        Path missing = dir.resolve("no/such/folder/x.rttm");
        IOException e = assertThrows(IOException.class, () -> Files.writeString(missing, "x"));
        assertEquals("no such file or folder: " + missing, IoProblem.describe(e));
        Path file = Files.writeString(dir.resolve("f"), "x");
        IOException notDir = assertThrows(IOException.class, () -> Files.createDirectories(file.resolve("sub")));
        assertEquals("Not a directory: " + file.resolve("sub"), IoProblem.describe(notDir)); // the OS reason kept
        assertEquals("permission denied: /a", IoProblem.describe(new AccessDeniedException("/a")));
        assertEquals("disk full", IoProblem.describe(new IOException("disk full")));
        assertEquals("no such file or folder", IoProblem.describe(new NoSuchFileException(null)));
    }

    @Test
    void theReasonAloneLeavesThePathToTheCaller() throws Exception {
        IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(dir.resolve("model.json")));
        assertEquals("no such file or folder", IoProblem.reason(e)); // NIO's message would be the path again
        assertEquals("permission denied", IoProblem.reason(new AccessDeniedException("/a")));
        assertEquals("disk full", IoProblem.reason(new IOException("disk full")));
    }
}
