package io.emotrace.features;

/**
 * The dither signal as a pure function of (seed, absolute frame index, sample index in the frame), so every
 * backend and every thread split produce identical features. Counter-based (SplitMix64 finaliser feeding
 * Box-Muller) rather than a stateful RNG: trivial to reproduce in C++/CUDA, no ordering between frames.
 * It defines an input, not part of the algorithm, so the independent implementations may share it.
 */
public final class DitherNoise {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private DitherNoise() {
    }

    /** Writes {@code n} standard-normal samples for frame {@code frame} into {@code out[0..n)}. */
    public static void fill(long seed, long frame, float[] out, int n) {
        long base = mix(seed ^ mix(frame * GOLDEN + 1));
        for (int i = 0; i < n; i += 2) {
            long r = mix(base + (long) (i >> 1) * GOLDEN);
            // two 26-bit uniforms in (0, 1]; u1 > 0 keeps the log finite
            double u1 = ((r >>> 38) + 1) / (double) (1L << 26);
            double u2 = (((r >>> 12) & ((1L << 26) - 1)) + 0.5) / (double) (1L << 26);
            double radius = Math.sqrt(-2.0 * Math.log(u1));
            double angle = 2.0 * Math.PI * u2;
            out[i] = (float) (radius * Math.cos(angle));
            if (i + 1 < n) {
                out[i + 1] = (float) (radius * Math.sin(angle));
            }
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
