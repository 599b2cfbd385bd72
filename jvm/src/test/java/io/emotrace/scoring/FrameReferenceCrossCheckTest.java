package io.emotrace.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emotrace.rttm.RttmTurn;
import io.emotrace.rttm.UemSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Independent check of the exact-timeline scorer: a brute-force scorer on a 1 ms frame grid with the speaker
 * mapping found by trying every one-to-one mapping. Times are on a 10 ms grid, so both must agree to rounding.
 */
class FrameReferenceCrossCheckTest {
    private static final int MS = 20_000;

    @Test
    void exactScorerAgreesWithBruteForceFramesOnRandomCases() {
        Random rnd = new Random(2024);
        for (int trial = 0; trial < 150; trial++) {
            List<RttmTurn> ref = randomTurns(rnd, 1 + rnd.nextInt(4), "R");
            List<RttmTurn> hyp = randomTurns(rnd, rnd.nextInt(5), "H");
            List<UemSegment> uem = null;
            if (rnd.nextBoolean()) {
                uem = new ArrayList<>();
                int a = rnd.nextInt(MS / 2);
                int b = a + rnd.nextInt(MS / 2);
                uem.add(new UemSegment("f", grid(a), grid(b)));
                int c = b + rnd.nextInt(MS - b + 1);
                uem.add(new UemSegment("f", grid(c), grid(Math.min(MS, c + rnd.nextInt(5000)))));
            }
            double collar = new double[] {0, 0.25, 0.5}[rnd.nextInt(3)];
            ScoreReport fast = DiarizationScorer.score(ref, hyp, uem, collar);
            double[] brute = bruteForce(ref, hyp, uem, collar);
            DerComponents c = fast.total();
            String msg = "trial " + trial + " collar " + collar;
            assertEquals(brute[0], c.total(), 0.002, msg + " total");
            assertEquals(brute[1], c.missed(), 0.002, msg + " missed");
            assertEquals(brute[2], c.falseAlarm(), 0.002, msg + " fa");
            assertEquals(brute[3], c.confusion(), 0.002, msg + " confusion");
            assertEquals(derOf(brute), c.der(), 0.001, msg + " der");
            assertEquals(brute[4], fast.jer(), 0.001, msg + " jer");
        }
    }

    private static double derOf(double[] b) {
        double err = b[1] + b[2] + b[3];
        return b[0] > 0 ? err / b[0] : (err > 0 ? 1 : 0);
    }

    private static double grid(int ms) {
        return Math.round(ms / 10.0) * 10 / 1000.0;
    }

    private static List<RttmTurn> randomTurns(Random rnd, int speakers, String prefix) {
        List<RttmTurn> out = new ArrayList<>();
        for (int s = 0; s < speakers; s++) {
            int n = 1 + rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                int a = rnd.nextInt(MS);
                int b = Math.min(MS, a + 10 + rnd.nextInt(6000));
                out.add(new RttmTurn("f", prefix + s, grid(a), grid(b)));
            }
        }
        return out;
    }

    /** {total, missed, fa, confusion, jer} from 1 ms frames (frame k covers [k, k+1) ms). */
    private static double[] bruteForce(List<RttmTurn> ref, List<RttmTurn> hyp, List<UemSegment> uem,
            double collar) {
        boolean[][] r = frames(ref, "R");
        boolean[][] h = frames(hyp, "H");
        boolean[] inUem = new boolean[MS];
        if (uem == null) {
            double lo = Double.MAX_VALUE;
            double hi = -1;
            for (RttmTurn t : ref) {
                lo = Math.min(lo, t.start());
                hi = Math.max(hi, t.end());
            }
            for (RttmTurn t : hyp) {
                lo = Math.min(lo, t.start());
                hi = Math.max(hi, t.end());
            }
            mark(inUem, lo, hi);
        } else {
            for (UemSegment u : uem) {
                mark(inUem, u.start(), u.end());
            }
        }
        boolean[] scored = inUem.clone();
        int c = (int) Math.round(collar * 1000);
        if (c > 0) {
            // boundaries: wherever a reference speaker's frame activity changes
            for (boolean[] spk : r) {
                for (int k = 0; k <= MS; k++) {
                    boolean before = k > 0 && spk[k - 1];
                    boolean after = k < MS && spk[k];
                    if (before != after) {
                        for (int f = Math.max(0, k - c); f < Math.min(MS, k + c); f++) {
                            scored[f] = false;
                        }
                    }
                }
            }
        }
        double[] out = new double[5];
        double[][] co = new double[r.length][h.length];
        for (int k = 0; k < MS; k++) {
            if (!scored[k]) {
                continue;
            }
            int nr = 0;
            int nh = 0;
            for (boolean[] x : r) {
                nr += x[k] ? 1 : 0;
            }
            for (boolean[] x : h) {
                nh += x[k] ? 1 : 0;
            }
            out[0] += nr;
            out[1] += Math.max(0, nr - nh);
            out[2] += Math.max(0, nh - nr);
            out[3] += Math.min(nr, nh);
            for (int i = 0; i < r.length; i++) {
                for (int j = 0; j < h.length; j++) {
                    if (r[i][k] && h[j][k]) {
                        co[i][j]++;
                    }
                }
            }
        }
        out[3] -= bestSum(co, 0, new boolean[h.length]);
        for (int i = 0; i < 4; i++) {
            out[i] /= 1000.0;
        }
        out[4] = bruteJer(r, h, inUem);
        return out;
    }

    private static double bruteJer(boolean[][] r, boolean[][] h, boolean[] inUem) {
        double[] rd = new double[r.length];
        double[] hd = new double[h.length];
        double[][] inter = new double[r.length][h.length];
        for (int k = 0; k < MS; k++) {
            if (!inUem[k]) {
                continue;
            }
            for (int i = 0; i < r.length; i++) {
                rd[i] += r[i][k] ? 1 : 0;
                for (int j = 0; j < h.length; j++) {
                    inter[i][j] += r[i][k] && h[j][k] ? 1 : 0;
                }
            }
            for (int j = 0; j < h.length; j++) {
                hd[j] += h[j][k] ? 1 : 0;
            }
        }
        double[][] jac = new double[r.length][h.length];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < h.length; j++) {
                double u = rd[i] + hd[j] - inter[i][j];
                jac[i][j] = u > 0 ? inter[i][j] / u : 0;
            }
        }
        int nRef = 0;
        int nHyp = 0;
        for (double d : rd) {
            nRef += d > 0 ? 1 : 0;
        }
        for (double d : hd) {
            nHyp += d > 0 ? 1 : 0;
        }
        if (nRef == 0) {
            return nHyp > 0 ? 1 : 0;
        }
        // speakers with no time in the UEM take no part (rows of zeros give Jaccard 0 and are skipped)
        return (nRef - bestSumOver(jac, rd)) / nRef;
    }

    private static double bestSumOver(double[][] jac, double[] rd) {
        double[][] kept = new double[jac.length][];
        for (int i = 0; i < jac.length; i++) {
            kept[i] = rd[i] > 0 ? jac[i] : new double[jac[i].length];
        }
        return bestSum(kept, 0, new boolean[jac.length == 0 ? 0 : jac[0].length]);
    }

    private static double bestSum(double[][] w, int row, boolean[] used) {
        if (row == w.length) {
            return 0;
        }
        double b = bestSum(w, row + 1, used);
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                b = Math.max(b, w[row][j] + bestSum(w, row + 1, used));
                used[j] = false;
            }
        }
        return b;
    }

    private static boolean[][] frames(List<RttmTurn> turns, String prefix) {
        int n = 0;
        for (RttmTurn t : turns) {
            n = Math.max(n, Integer.parseInt(t.speaker().substring(prefix.length())) + 1);
        }
        boolean[][] f = new boolean[n][MS];
        for (RttmTurn t : turns) {
            mark(f[Integer.parseInt(t.speaker().substring(prefix.length()))], t.start(), t.end());
        }
        return f;
    }

    private static void mark(boolean[] f, double start, double end) {
        int a = (int) Math.round(start * 1000);
        int b = (int) Math.round(end * 1000);
        for (int k = Math.max(0, a); k < Math.min(f.length, b); k++) {
            f[k] = true;
        }
    }
}
