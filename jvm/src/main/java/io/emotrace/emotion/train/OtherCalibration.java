package io.emotrace.emotion.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses the bound on the top 7-class probability under which the embedded model answers {@code other}
 * ("no confident class"), from held-out (validation-fold) predictions: the largest bound on a 0.20..0.60 grid
 * (step 0.02) such that the held-out answers under it are right less than a third of the time and they are at
 * most 15% of all answers. 0.20 when no bound qualifies (7 classes: chance is 0.14).
 */
public final class OtherCalibration {
    public static final double FLOOR = 0.20;
    public static final double MAX_ACCURACY_BELOW = 1 / 3.0;
    public static final double MAX_SHARE_BELOW = 0.15;

    private OtherCalibration() {
    }

    public record Result(double bound, double shareBelow, double accuracyBelow, Map<String, double[]> grid) {
    }

    /** {@code top[i]}: top probability of held-out answer i; {@code correct[i]}: whether it was right. */
    public static Result choose(double[] top, boolean[] correct) {
        double best = FLOOR;
        double bestShare = 0;
        double bestAcc = 0;
        Map<String, double[]> grid = new LinkedHashMap<>();
        for (int g = 0; g <= 20; g++) {
            double t = 0.20 + 0.02 * g;
            int n = 0;
            int right = 0;
            for (int i = 0; i < top.length; i++) {
                if (top[i] < t) {
                    n++;
                    right += correct[i] ? 1 : 0;
                }
            }
            double share = top.length == 0 ? 0 : n / (double) top.length;
            double acc = n == 0 ? 0 : right / (double) n;
            grid.put(String.format(java.util.Locale.ROOT, "%.2f", t), new double[] {share, acc});
            if (n > 0 && acc < MAX_ACCURACY_BELOW && share <= MAX_SHARE_BELOW) {
                best = t;
                bestShare = share;
                bestAcc = acc;
            }
        }
        return new Result(best, bestShare, bestAcc, grid);
    }
}
