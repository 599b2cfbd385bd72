package io.emotrace.features;

import io.emotrace.nativelib.Cuda.DeviceBuffer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Log-mel features that stay in CUDA device memory: float32 row-major [frames][bins] at {@link #devicePointer()}
 * on {@link #deviceIndex()}, ready for LibTorch {@code from_blob} or ONNX Runtime IO binding. For a batch,
 * {@link #frameOffsets()} gives each signal's first row. Closing frees the device memory.
 */
public final class DeviceFeatures implements AutoCloseable {
    private final DeviceBuffer buffer;
    private final long frames;
    private final int bins;
    private final long[] frameOffsets;

    DeviceFeatures(DeviceBuffer buffer, long frames, int bins, long[] frameOffsets) {
        this.buffer = buffer;
        this.frames = frames;
        this.bins = bins;
        this.frameOffsets = frameOffsets;
    }

    public long devicePointer() {
        return buffer.pointer();
    }

    public long frames() {
        return frames;
    }

    public int bins() {
        return bins;
    }

    public int deviceIndex() {
        return buffer.device();
    }

    public long[] frameOffsets() {
        return frameOffsets.clone();
    }

    /** Copies the features to the host (for checks and for consumers without a device path). */
    public float[] toHost() {
        long n = frames * bins;
        float[] r = new float[Math.toIntExact(n)];
        if (n > 0) {
            try (FloatPointer host = new FloatPointer(n)) {
                buffer.download(host, 0, n * Float.BYTES);
                host.get(r);
            }
        }
        return r;
    }

    @Override
    public void close() {
        buffer.close();
    }
}
