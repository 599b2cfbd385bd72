package io.emotrace.features;

/**
 * Log-mel front-end. Implementations (fused native CPU kernel, fused CUDA kernel, plain Java, LibTorch
 * reference) compute the same {@link MelConfig}; they differ only in where and how fast.
 * Implementations are thread-safe unless they say otherwise; close releases native resources.
 */
public interface FeatureExtractor extends AutoCloseable {
    MelConfig config();

    /** Short stable name for outputs and benchmarks, e.g. {@code cpu-native}, {@code cuda}, {@code java}. */
    String backend();

    /** Log-mel features of samples[offset, offset+length), row-major [frames][numBins]. */
    float[] compute(float[] samples, int offset, int length);

    default float[] compute(float[] samples) {
        return compute(samples, 0, samples.length);
    }

    default int frameCount(long numSamples) {
        return config().frameCount(numSamples);
    }

    @Override
    void close();
}
