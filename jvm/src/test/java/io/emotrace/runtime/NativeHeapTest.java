package io.emotrace.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class NativeHeapTest {
    private static final long CHUNK = 64 * 1024; // below glibc's mmap threshold: served from an arena
    private static final int CHUNKS = 3200;      // 200 MiB

    @Test
    void trimGivesFreedArenaMemoryBackToTheOs() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "malloc_trim is glibc's");
        List<BytePointer> held = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            BytePointer p = new BytePointer(CHUNK);
            Pointer.memset(p, 1, CHUNK); // touch every page: resident
            held.add(p);
        }
        BytePointer pin = new BytePointer(CHUNK); // above the freed chunks: free() alone cannot shrink the arena's top
        Pointer.memset(pin, 1, CHUNK);
        long allocated = Pointer.physicalBytes();
        for (BytePointer p : held) {
            p.close();
        }
        long freed = Pointer.physicalBytes();
        assertTrue(NativeHeap.trim(), "malloc_trim unavailable");
        long trimmed = Pointer.physicalBytes();
        pin.close();
        // free() keeps most of the pages (glibc only returns an arena's top); the trim returns them
        assertTrue(freed - trimmed > 100L * 1024 * 1024,
                "RSS allocated " + allocated / 1048576 + " MiB, after free " + freed / 1048576
                        + " MiB, after trim " + trimmed / 1048576 + " MiB");
    }
}
