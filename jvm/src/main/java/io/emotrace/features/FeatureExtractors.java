package io.emotrace.features;

import io.emotrace.pipeline.Availability;
import java.util.Optional;

/**
 * TEMPORARY placeholder with the final signatures of the native factory. The real class lives on the native
 * kernel branch and replaces this file at merge; until then every native backend reports itself unavailable
 * so callers (the feature benchmark) run and say why.
 */
public final class FeatureExtractors {
    private static final String NOT_MERGED = "native kernel branch not merged";

    private FeatureExtractors() {
    }

    /** Fused native CPU kernel with {@code threads} worker threads. */
    public static FeatureExtractor cpu(MelConfig c, int threads) {
        throw new UnsupportedOperationException(NOT_MERGED);
    }

    /** Fused CUDA kernel where a usable GPU is present. */
    public static Optional<FeatureExtractor> cuda(MelConfig c) {
        return Optional.empty();
    }

    /** The fastest backend available here. */
    public static FeatureExtractor best(MelConfig c) {
        throw new UnsupportedOperationException(NOT_MERGED);
    }

    public static Availability cudaStatus() {
        return Availability.no(NOT_MERGED);
    }
}
