package io.emotrace.features;

import io.emotrace.pipeline.Availability;
import java.util.Optional;

/** Picks the log-mel backend: the fused CUDA kernel where a GPU is usable, else the fused native CPU kernel. */
public final class FeatureExtractors {
    private FeatureExtractors() {
    }

    /** Native CPU kernel with {@code threads} workers per call (0 = all cores). */
    public static FeatureExtractor cpu(MelConfig c, int threads) {
        return new NativeMelExtractor(c, threads);
    }

    /** CUDA kernel on device 0, or empty when no driver/device is usable (see {@link #cudaStatus()}). */
    public static Optional<FeatureExtractor> cuda(MelConfig c) {
        if (!cudaStatus().available()) {
            return Optional.empty();
        }
        return Optional.of(new CudaMelExtractor(c, 0));
    }

    /** CUDA only when a GPU is present, else the CPU kernel on all cores. */
    public static FeatureExtractor best(MelConfig c) {
        return cuda(c).orElseGet(() -> cpu(c, 0));
    }

    public static Availability cudaStatus() {
        return CudaMelExtractor.status();
    }
}
