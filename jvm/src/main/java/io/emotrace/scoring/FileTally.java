package io.emotrace.scoring;

import java.util.List;
import java.util.TreeSet;

/**
 * Exact sweep over the elementary segments of one file (between consecutive boundaries of reference,
 * hypothesis and scored spans): no frame grid, so no rounding of short turns.
 */
final class FileTally {
    /** Reference speaker time, counted once per active reference speaker (overlap counts twice). */
    double total;
    double missed;
    double falseAlarm;
    /** Sum over time of min(nref, nhyp): the most speaker time a mapping could get right. */
    double matchable;
    final double[][] cooccurrence;
    final double[] refDuration;
    final double[] hypDuration;

    private FileTally(int nRef, int nHyp) {
        cooccurrence = new double[nRef][nHyp];
        refDuration = new double[nRef];
        hypDuration = new double[nHyp];
    }

    /**
     * @param ref per reference speaker, its merged spans (Spans.union)
     * @param hyp per hypothesis speaker, its merged spans
     * @param scored merged scored spans
     */
    static FileTally sweep(List<List<double[]>> ref, List<List<double[]>> hyp, List<double[]> scored) {
        FileTally t = new FileTally(ref.size(), hyp.size());
        TreeSet<Double> cuts = new TreeSet<>();
        for (double[] s : scored) {
            cuts.add(s[0]);
            cuts.add(s[1]);
        }
        addCuts(cuts, ref);
        addCuts(cuts, hyp);
        int[] refPos = new int[ref.size()];
        int[] hypPos = new int[hyp.size()];
        int scoredPos = 0;
        int[] activeRef = new int[ref.size()];
        int[] activeHyp = new int[hyp.size()];
        Double prev = null;
        for (double cut : cuts) {
            if (prev == null) {
                prev = cut;
                continue;
            }
            double a = prev;
            double d = cut - a;
            prev = cut;
            // every boundary is a cut, so the midpoint decides membership for the whole segment
            double mid = a + d / 2;
            while (scoredPos < scored.size() && scored.get(scoredPos)[1] <= mid) {
                scoredPos++;
            }
            if (scoredPos == scored.size() || scored.get(scoredPos)[0] > mid) {
                continue;
            }
            int nr = active(ref, refPos, mid, activeRef);
            int nh = active(hyp, hypPos, mid, activeHyp);
            t.total += nr * d;
            t.missed += Math.max(0, nr - nh) * d;
            t.falseAlarm += Math.max(0, nh - nr) * d;
            t.matchable += Math.min(nr, nh) * d;
            for (int i = 0; i < nr; i++) {
                t.refDuration[activeRef[i]] += d;
                for (int j = 0; j < nh; j++) {
                    t.cooccurrence[activeRef[i]][activeHyp[j]] += d;
                }
            }
            for (int j = 0; j < nh; j++) {
                t.hypDuration[activeHyp[j]] += d;
            }
        }
        return t;
    }

    private static void addCuts(TreeSet<Double> cuts, List<List<double[]>> speakers) {
        for (List<double[]> spans : speakers) {
            for (double[] s : spans) {
                cuts.add(s[0]);
                cuts.add(s[1]);
            }
        }
    }

    private static int active(List<List<double[]>> speakers, int[] pos, double t, int[] out) {
        int n = 0;
        for (int k = 0; k < speakers.size(); k++) {
            List<double[]> spans = speakers.get(k);
            int p = pos[k];
            while (p < spans.size() && spans.get(p)[1] <= t) {
                p++;
            }
            pos[k] = p;
            if (p < spans.size() && spans.get(p)[0] <= t) {
                out[n++] = k;
            }
        }
        return n;
    }
}
