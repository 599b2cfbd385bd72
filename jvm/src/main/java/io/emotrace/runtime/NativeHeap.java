package io.emotrace.runtime;

import org.bytedeco.javacpp.Pointer;

/**
 * Gives freed native memory back to the OS. ONNX Runtime, LibTorch and Vosk free their per-call buffers into
 * glibc's arenas, which keep the pages: without a trim a long analysis keeps the peak of every stage it ran
 * (measured: ~200 MiB of RSS on a one-hour meeting). {@code malloc_trim(0)} returns the free pages of every arena;
 * it takes milliseconds, so it runs at stage boundaries, not per call.
 */
public final class NativeHeap {
    private static volatile boolean unavailable;

    private NativeHeap() {
    }

    /** Trims glibc's heap; false where JavaCPP's native library or malloc_trim is missing (then a no-op). */
    public static boolean trim() {
        if (unavailable) {
            return false;
        }
        try {
            return Pointer.trimMemory();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            unavailable = true;
            return false;
        }
    }
}
