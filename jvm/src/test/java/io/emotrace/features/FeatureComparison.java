package io.emotrace.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compares any {@link FeatureExtractor} with the LibTorch reference on the same samples, in the log domain.
 * After merge the native kernels are checked with one line:
 * {@code FeatureComparison.assertMatchesReference(FeatureExtractors.cpu(cfg, 4), samples, 1e-3)}.
 *
 * <p>Near-floor bins: a bin whose energy is many orders of magnitude below the loudest bin of its frame is
 * dominated by float32 rounding of the FFT (error ~ 1e-7 x frame energy), so its log is not a stable
 * quantity for any two float32 implementations. Entries where both values lie more than
 * {@link #DYNAMIC_RANGE_DB} below their frame maximum are therefore excluded from the maximum and counted;
 * values clamped at the log floor compare exactly (both sides clamp to the same constant).
 */
public final class FeatureComparison {
    /** Power ratio, in dB below the frame's loudest bin, beyond which a bin is rounding noise. */
    public static final double DYNAMIC_RANGE_DB = 100.0;

    private FeatureComparison() {
    }

    public record Result(int frames, int bins, double maxAbs, double meanAbs, long compared, long excluded,
                         int worstFrame, int worstBin) {
        @Override
        public String toString() {
            return String.format("frames=%d bins=%d maxAbs=%.3g meanAbs=%.3g compared=%d excluded=%d worst=(%d,%d)",
                    frames, bins, maxAbs, meanAbs, compared, excluded, worstFrame, worstBin);
        }
    }

    /** Runs the candidate and a fresh {@link TorchMelReference} over the same samples. */
    public static Result againstReference(FeatureExtractor candidate, float[] samples) {
        try (TorchMelReference ref = new TorchMelReference(candidate.config())) {
            float[] expected = ref.compute(samples);
            float[] actual = candidate.compute(samples);
            int frames = candidate.config().frameCount(samples.length);
            assertEquals(frames * candidate.config().numBins(), expected.length, "reference size");
            assertEquals(expected.length, actual.length, candidate.backend() + " output size");
            return compare(expected, actual, candidate.config());
        }
    }

    public static Result assertMatchesReference(FeatureExtractor candidate, float[] samples, double tolerance) {
        Result r = againstReference(candidate, samples);
        assertTrue(r.maxAbs() <= tolerance, candidate.backend() + " vs libtorch: " + r);
        // the exclusion rule must not hide the comparison: almost all entries are really compared
        assertTrue(r.excluded() <= 0.02 * (r.compared() + r.excluded()), "too many near-floor entries: " + r);
        return r;
    }

    public static Result compare(float[] expected, float[] actual, MelConfig config) {
        int bins = config.numBins();
        int frames = expected.length / bins;
        double logPerDb = (config.logType() == LogType.NATURAL ? Math.log(10) : 1.0) / 10.0;
        double range = DYNAMIC_RANGE_DB * logPerDb;
        double max = 0;
        double sum = 0;
        long compared = 0;
        long excluded = 0;
        int wf = -1;
        int wb = -1;
        for (int f = 0; f < frames; f++) {
            float frameMax = Float.NEGATIVE_INFINITY;
            for (int b = 0; b < bins; b++) {
                frameMax = Math.max(frameMax, expected[f * bins + b]);
            }
            for (int b = 0; b < bins; b++) {
                int i = f * bins + b;
                if (Float.isNaN(actual[i]) || Float.isInfinite(actual[i])) {
                    return new Result(frames, bins, Double.POSITIVE_INFINITY, Double.NaN, compared, excluded, f, b);
                }
                if (Math.max(expected[i], actual[i]) < frameMax - range) {
                    excluded++;
                    continue;
                }
                double d = Math.abs(expected[i] - actual[i]);
                sum += d;
                compared++;
                if (d > max) {
                    max = d;
                    wf = f;
                    wb = b;
                }
            }
        }
        return new Result(frames, bins, max, compared == 0 ? 0 : sum / compared, compared, excluded, wf, wb);
    }
}
