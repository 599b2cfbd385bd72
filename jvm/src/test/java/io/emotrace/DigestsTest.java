package io.emotrace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    @Test
    void knownDigestOfBytes() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(ABC, Digests.sha256Hex(abc));
        assertArrayEquals(HexFormat.of().parseHex(ABC), Digests.sha256(abc));
        assertEquals(ABC, HexFormat.of().formatHex(Digests.sha256().digest(abc)));
    }

    @Test
    void knownDigestOfFile() throws Exception {
        Path f = Files.write(dir.resolve("abc.txt"), "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ABC, Digests.sha256Hex(f));
    }

    @Test
    void streamedFileEqualsBytesBeyondTheBuffer() throws Exception {
        byte[] data = new byte[3 * (1 << 16) + 12345];
        new Random(7).nextBytes(data);
        Path f = Files.write(dir.resolve("big.bin"), data);
        assertEquals(Digests.sha256Hex(data), Digests.sha256Hex(f));
        Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
        assertEquals(Digests.sha256Hex(new byte[0]), Digests.sha256Hex(empty));
    }
}
