package io.emotrace.diarization.clustering;

import io.emotrace.diarization.embedding.Plda;

/**
 * Bayesian agglomerative clustering under a {@link Plda} model: every cluster is one speaker variable explaining
 * its embeddings, and the pair whose merge has the highest log-likelihood ratio (one speaker rather than two) is
 * merged while that ratio exceeds the threshold (0 = even prior odds). The decision therefore weighs how much
 * evidence each side has (two long clusters need a clearer match than two short ones) and uses the within-speaker
 * spread learned on many voices, emotions and channels instead of one cosine distance.
 *
 * <p>Embeddings of overlapping windows share speech, so each one counts as {@code weight} independent observations
 * (the caller derives it from its seconds of speech); without that discount the ratios would be overconfident.
 */
final class PldaClustering {
    private PldaClustering() {
    }

    /**
     * @param u         embeddings in the PLDA space ({@link Plda#project})
     * @param weight    effective observation count of each embedding (&gt; 0)
     * @param threshold merge while the best merge log-likelihood ratio is above this
     * @param minK      never fewer clusters
     * @param maxK      keep merging (best ratio first) while there are more clusters
     * @return labels 0..k-1
     */
    static int[] cluster(Plda plda, double[][] u, double[] weight, double threshold, int minK, int maxK) {
        return cluster(plda, u, weight, null, threshold, minK, maxK);
    }

    /**
     * Penalty on a merge that would put two local speakers of one window into one cluster (different voices by
     * construction): large enough that such merges only happen when a maximum speaker count forces them.
     */
    static final double CANNOT_LINK_PENALTY = 1e6;

    /** @param groups window of each embedding for the cannot-link constraint, or null */
    static int[] cluster(Plda plda, double[][] u, double[] weight, int[] groups, double threshold, int minK,
            int maxK) {
        int n = u.length;
        if (n == 0) {
            return new int[0];
        }
        int dims = plda.dims();
        double[] count = new double[n];
        double[][] sum = new double[n][dims];
        double[] self = new double[n];
        for (int i = 0; i < n; i++) {
            count[i] = weight[i];
            for (int k = 0; k < dims; k++) {
                sum[i][k] = weight[i] * u[i][k];
            }
            self[i] = plda.groupScore(count[i], sum[i]);
        }
        java.util.BitSet[] windows = new java.util.BitSet[n];
        for (int i = 0; i < n; i++) {
            windows[i] = new java.util.BitSet();
            if (groups != null) {
                windows[i].set(groups[i]);
            }
        }
        boolean[] alive = new boolean[n];
        java.util.Arrays.fill(alive, true);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        double[][] llr = new double[n][n];
        int[] best = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = merged(plda, count, sum, self, windows, i, j);
                llr[i][j] = v;
                llr[j][i] = v;
            }
        }
        for (int i = 0; i < n; i++) {
            best[i] = bestOf(llr, alive, i);
        }
        int k = n;
        int floor = Math.max(1, Math.min(minK, n));
        while (k > floor) {
            int a = -1;
            double top = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (alive[i] && best[i] >= 0 && llr[i][best[i]] > top) {
                    top = llr[i][best[i]];
                    a = i;
                }
            }
            if (a < 0 || (top <= threshold && k <= maxK)) {
                break;
            }
            int b = best[a];
            // b joins a
            count[a] += count[b];
            for (int d = 0; d < dims; d++) {
                sum[a][d] += sum[b][d];
            }
            self[a] = plda.groupScore(count[a], sum[a]);
            windows[a].or(windows[b]);
            alive[b] = false;
            parent[b] = a;
            k--;
            for (int j = 0; j < n; j++) {
                if (alive[j] && j != a) {
                    double v = merged(plda, count, sum, self, windows, a, j);
                    llr[a][j] = v;
                    llr[j][a] = v;
                }
            }
            best[a] = bestOf(llr, alive, a);
            for (int j = 0; j < n; j++) {
                if (!alive[j] || j == a) {
                    continue;
                }
                if (best[j] == a || best[j] == b) {
                    best[j] = bestOf(llr, alive, j);
                } else if (llr[j][a] > llr[j][best[j]]) {
                    best[j] = a;
                }
            }
        }
        int[] labels = new int[n];
        int[] map = new int[n];
        java.util.Arrays.fill(map, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int r = i;
            while (parent[r] != r) {
                r = parent[r];
            }
            if (map[r] < 0) {
                map[r] = next++;
            }
            labels[i] = map[r];
        }
        return labels;
    }

    private static double merged(Plda plda, double[] count, double[][] sum, double[] self, java.util.BitSet[] windows,
            int a, int b) {
        double[] s = new double[sum[a].length];
        for (int d = 0; d < s.length; d++) {
            s[d] = sum[a][d] + sum[b][d];
        }
        double llr = plda.groupScore(count[a] + count[b], s) - self[a] - self[b];
        return windows[a].intersects(windows[b]) ? llr - CANNOT_LINK_PENALTY : llr;
    }

    private static int bestOf(double[][] llr, boolean[] alive, int i) {
        int best = -1;
        for (int j = 0; j < alive.length; j++) {
            if (j != i && alive[j] && (best < 0 || llr[i][j] > llr[i][best])) {
                best = j;
            }
        }
        return best;
    }
}
