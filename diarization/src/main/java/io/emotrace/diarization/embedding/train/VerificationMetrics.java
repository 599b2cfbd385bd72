package io.emotrace.diarization.embedding.train;

import java.util.Arrays;

/**
 * Equal error rate and minimum detection cost of a set of verification scores (higher = more likely the same
 * speaker). EER is where the miss rate equals the false-alarm rate, interpolated between thresholds; minDCF
 * uses the NIST SRE setting p_target = 0.01, C_miss = C_fa = 1, normalised by min(p, 1 - p).
 */
public final class VerificationMetrics {
    public record Result(int targets, int nonTargets, double eer, double eerThreshold, double minDcf) {
    }

    private VerificationMetrics() {
    }

    public static Result compute(double[] targetScores, double[] nonTargetScores) {
        return compute(targetScores, nonTargetScores, 0.01);
    }

    public static Result compute(double[] targetScores, double[] nonTargetScores, double pTarget) {
        int nt = targetScores.length;
        int nn = nonTargetScores.length;
        if (nt == 0 || nn == 0) {
            return new Result(nt, nn, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] t = targetScores.clone();
        double[] n = nonTargetScores.clone();
        Arrays.sort(t);
        Arrays.sort(n);
        // thresholds: every distinct score; decide "target" when score >= threshold
        double[] all = new double[nt + nn];
        System.arraycopy(t, 0, all, 0, nt);
        System.arraycopy(n, 0, all, nt, nn);
        Arrays.sort(all);
        double bestDcf = Double.POSITIVE_INFINITY;
        double eer = Double.NaN;
        double eerThreshold = Double.NaN;
        double prevMiss = 0;
        double prevFa = 1;
        double prevThr = Double.NEGATIVE_INFINITY;
        int ti = 0;
        int ni = 0;
        double norm = Math.min(pTarget, 1 - pTarget);
        for (int k = 0; k <= all.length; k++) {
            double thr = k < all.length ? all[k] : Double.POSITIVE_INFINITY;
            if (k > 0 && k < all.length && all[k] == all[k - 1]) {
                continue;
            }
            while (ti < nt && t[ti] < thr) {
                ti++;
            }
            while (ni < nn && n[ni] < thr) {
                ni++;
            }
            double miss = ti / (double) nt;
            double fa = (nn - ni) / (double) nn;
            double dcf = (pTarget * miss + (1 - pTarget) * fa) / norm;
            bestDcf = Math.min(bestDcf, dcf);
            if (Double.isNaN(eer) && miss >= fa) {
                // miss rises and fa falls with the threshold: interpolate the crossing with the previous point
                double d0 = prevFa - prevMiss;
                double d1 = fa - miss;
                double w = d0 - d1 == 0 ? 0 : d0 / (d0 - d1);
                eer = prevMiss + w * (miss - prevMiss);
                eerThreshold = Double.isInfinite(prevThr) ? thr : prevThr + w * (thr - prevThr);
            }
            prevMiss = miss;
            prevFa = fa;
            prevThr = thr;
        }
        return new Result(nt, nn, eer, eerThreshold, bestDcf);
    }
}
