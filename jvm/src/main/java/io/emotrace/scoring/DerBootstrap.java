package io.emotrace.scoring;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Bootstrap over the recordings of a test set: each replicate draws as many recordings as the set has, with
 * replacement, and sums their DER components (DER stays time-weighted, as {@link ScoreReport#total()}). A paired
 * difference draws the same recordings for both systems, so what the two share (a hard recording) cancels.
 */
public final class DerBootstrap {
    private DerBootstrap() {
    }

    /** The set's DER with its interval. */
    public static BootstrapInterval der(List<DerComponents> files, long seed) {
        return difference(files, null, seed);
    }

    /**
     * DER of {@code a} minus DER of {@code b} (the same recordings in the same order) with its paired interval;
     * {@code b} null: the DER of {@code a} alone.
     */
    public static BootstrapInterval difference(List<DerComponents> a, List<DerComponents> b, long seed) {
        return meanDifference(List.of(a), b == null ? null : List.of(b), seed);
    }

    /**
     * The mean over several sets of (DER of {@code a} minus DER of {@code b}) (as a tuning sweep averages its sets),
     * each set's recordings drawn on their own, the same draws for both systems; {@code b} null: the mean DER of
     * {@code a}.
     */
    public static BootstrapInterval meanDifference(List<List<DerComponents>> a, List<List<DerComponents>> b,
            long seed) {
        if (b != null && b.size() != a.size()) {
            throw new IllegalArgumentException("paired runs differ in sets: " + a.size() + " and " + b.size());
        }
        double estimate = 0;
        for (int k = 0; k < a.size(); k++) {
            if (b != null && b.get(k).size() != a.get(k).size()) {
                throw new IllegalArgumentException("paired sets differ in size: " + a.get(k).size() + " and "
                        + b.get(k).size());
            }
            estimate += (der(a.get(k), null) - (b == null ? 0 : der(b.get(k), null))) / a.size();
        }
        if (a.isEmpty() || a.stream().anyMatch(List::isEmpty)) {
            return new BootstrapInterval(estimate, Double.NaN, Double.NaN, 0);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] reps = new double[BootstrapInterval.REPLICATES];
        for (int r = 0; r < reps.length; r++) {
            for (int k = 0; k < a.size(); k++) {
                int n = a.get(k).size();
                int[] draw = new int[n];
                for (int i = 0; i < n; i++) {
                    draw[i] = rng.nextInt(n);
                }
                reps[r] += (der(a.get(k), draw) - (b == null ? 0 : der(b.get(k), draw))) / a.size();
            }
        }
        return BootstrapInterval.of(estimate, reps);
    }

    /** Time-weighted DER of the drawn recordings (all of them when {@code draw} is null). */
    private static double der(List<DerComponents> files, int[] draw) {
        DerComponents sum = DerComponents.ZERO;
        int n = draw == null ? files.size() : draw.length;
        for (int i = 0; i < n; i++) {
            sum = sum.plus(files.get(draw == null ? i : draw[i]));
        }
        return sum.der();
    }
}
