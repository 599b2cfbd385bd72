package io.emotrace.features;

import io.emotrace.nativelib.MelPlan;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;

/**
 * The fused native CPU kernel (backend {@code cpu-native}): SIMD over frames, {@code threads} worker threads per
 * call (0 = all cores). Results do not depend on the thread count. Thread-safe.
 */
public final class NativeMelExtractor implements FeatureExtractor {
    private final MelConfig config;
    private final MelPlan plan;
    private final int threads;

    public NativeMelExtractor(MelConfig config, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = all cores): " + threads);
        }
        this.config = config;
        this.threads = threads;
        this.plan = NativeMelPlans.create(config);
    }

    @Override
    public MelConfig config() {
        return config;
    }

    @Override
    public String backend() {
        return "cpu-native";
    }

    public int threads() {
        return threads;
    }

    @Override
    public float[] compute(float[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        long frames = plan.frameCount(length);
        long size = frames * plan.numBins();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("features of " + length + " samples do not fit a Java array");
        }
        float[] result = new float[(int) size];
        if (size == 0) {
            return result;
        }
        try (FloatPointer in = new FloatPointer(Math.max(1, length)); FloatPointer out = new FloatPointer(size)) {
            in.put(samples, offset, length);
            plan.compute(in, length, out, threads);
            out.get(result);
        }
        return result;
    }

    /** Zero-copy: n samples at {@code samples} (from its position) to frameCount(n) * numBins floats at out. */
    public long compute(FloatPointer samples, long n, FloatPointer out) {
        return plan.compute(samples, n, out, threads);
    }

    /** Zero-copy batch; signal s is samples[offsets[s], offsets[s+1]). Returns the output frame offsets. */
    public long[] computeBatch(FloatPointer samples, long[] offsets, FloatPointer out) {
        return plan.computeBatch(samples, offsets, out, threads);
    }

    /** Frames a packed batch produces (to size its output). */
    public long batchFrameCount(long[] offsets) {
        return plan.batchFrameCount(offsets);
    }

    /** Many clips in one native call (frames of all clips share the worker threads). */
    public float[][] computeBatch(float[][] signals) {
        long[] offsets = new long[signals.length + 1];
        for (int i = 0; i < signals.length; i++) {
            offsets[i + 1] = offsets[i] + signals[i].length;
        }
        long frames = plan.batchFrameCount(offsets);
        float[][] result = new float[signals.length][];
        try (FloatPointer in = new FloatPointer(Math.max(1, offsets[signals.length]));
                FloatPointer out = new FloatPointer(Math.max(1, frames * plan.numBins()))) {
            for (int i = 0; i < signals.length; i++) {
                in.position(offsets[i]).put(signals[i]);
            }
            in.position(0);
            long[] frameOffsets = plan.computeBatch(in, offsets, out, threads);
            for (int i = 0; i < signals.length; i++) {
                long rows = frameOffsets[i + 1] - frameOffsets[i];
                result[i] = new float[Math.toIntExact(rows * plan.numBins())];
                out.position(frameOffsets[i] * plan.numBins()).get(result[i]);
            }
        }
        return result;
    }

    @Override
    public void close() {
        plan.close();
    }
}
