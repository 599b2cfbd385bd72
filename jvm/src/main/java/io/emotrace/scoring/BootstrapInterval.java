package io.emotrace.scoring;

import java.util.Arrays;
import java.util.Locale;

/**
 * A figure with its 95 % percentile-bootstrap interval: how far it could move had other recordings (or other
 * speakers) of the same kind been drawn. Benchmarks print it so that a difference between two runs can be read
 * against the spread of the test set itself; a difference whose interval holds 0 is not shown by that set.
 *
 * @param estimate   the figure on the whole set
 * @param low        2.5th percentile of the bootstrap replicates
 * @param high       97.5th percentile
 * @param replicates how many resamples the interval rests on
 */
public record BootstrapInterval(double estimate, double low, double high, int replicates) {
    /** Resamples per interval: enough for stable 2.5 / 97.5 percentiles. */
    public static final int REPLICATES = 1000;

    /** The interval of {@code replicates} (finite values only; NaN bounds when none is). */
    public static BootstrapInterval of(double estimate, double[] replicates) {
        double[] r = Arrays.stream(replicates).filter(Double::isFinite).sorted().toArray();
        if (r.length == 0) {
            return new BootstrapInterval(estimate, Double.NaN, Double.NaN, 0);
        }
        return new BootstrapInterval(estimate, quantile(r, 0.025), quantile(r, 0.975), r.length);
    }

    /** Linear interpolation between order statistics (type 7, as numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Whether the interval leaves out 0: the set shows a difference of this sign. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }

    /** "12.34 % [95 % CI 10.10-14.50]" for a fraction given as such (x100). */
    public String percent() {
        return String.format(Locale.ROOT, "%.2f %% [95 %% CI %.2f-%.2f]", 100 * estimate, 100 * low, 100 * high);
    }

    /** "-1.08 points [95 % CI -1.90..-0.30]" for a difference of fractions (x100). */
    public String points() {
        return String.format(Locale.ROOT, "%+.2f points [95 %% CI %+.2f..%+.2f]", 100 * estimate, 100 * low, 100 * high);
    }
}
