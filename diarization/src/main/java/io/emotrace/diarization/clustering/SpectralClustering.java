package io.emotrace.diarization.clustering;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Spectral clustering with the eigengap rule for the speaker count: cosine affinities, each row pruned to its
 * strongest {@code keepFraction} (symmetrised), normalised Laplacian, count = position of the largest gap among
 * the smallest eigenvalues, then k-means on the row-normalised leading eigenvectors. Compared against AHC in
 * {@code bench diarization --tune}; callers keep n small (it builds an n×n matrix).
 */
public final class SpectralClustering {
    private SpectralClustering() {
    }

    public static int[] cluster(float[][] vec, double keepFraction, int minK, int maxK) {
        int n = vec.length;
        if (n <= 2 || maxK <= 1) {
            return new int[n];
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = i == j ? 0 : Math.max(0, AgglomerativeClustering.dot(vec[i], vec[j]));
            }
        }
        int keep = Math.max(2, (int) Math.ceil(keepFraction * n));
        double[][] pruned = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] row = a[i].clone();
            Arrays.sort(row);
            double cut = row[Math.max(0, n - keep)];
            for (int j = 0; j < n; j++) {
                if (a[i][j] >= cut) {
                    pruned[i][j] = a[i][j];
                }
            }
        }
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * (pruned[i][j] + pruned[j][i]);
                deg[i] += a[i][j];
            }
        }
        double[][] lap = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double norm = deg[i] > 0 && deg[j] > 0 ? a[i][j] / Math.sqrt(deg[i] * deg[j]) : 0;
                lap[i][j] = (i == j ? 1 : 0) - norm;
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(lap, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(values[p], values[q]));
        int hi = Math.min(maxK, n - 1);
        int lo = Math.max(1, Math.min(minK, hi));
        int k = lo;
        double bestGap = Double.NEGATIVE_INFINITY;
        for (int c = lo; c <= hi; c++) {
            double gap = values[order[c]] - values[order[c - 1]];
            if (gap > bestGap) {
                bestGap = gap;
                k = c;
            }
        }
        if (k == 1) {
            return new int[n];
        }
        double[][] rows = new double[n][k];
        for (int c = 0; c < k; c++) {
            double[] v = eig.getEigenvector(order[c]).toArray();
            for (int i = 0; i < n; i++) {
                rows[i][c] = v[i];
            }
        }
        for (double[] r : rows) {
            double s = 0;
            for (double x : r) {
                s += x * x;
            }
            s = Math.sqrt(s);
            for (int c = 0; c < k && s > 0; c++) {
                r[c] /= s;
            }
        }
        return SpeakerClusterer.compact(kMeans(rows, k, 5, 50));
    }

    /** k-means++ with a fixed seed (reproducible), best of {@code restarts} by inertia. */
    static int[] kMeans(double[][] x, int k, int restarts, int iterations) {
        SplittableRandom rng = new SplittableRandom(42);
        int n = x.length;
        int d = x[0].length;
        int[] best = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            double[][] c = new double[k][];
            c[0] = x[rng.nextInt(n)].clone();
            double[] dist = new double[n];
            for (int m = 1; m < k; m++) {
                double total = 0;
                for (int i = 0; i < n; i++) {
                    dist[i] = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < m; j++) {
                        dist[i] = Math.min(dist[i], sq(x[i], c[j]));
                    }
                    total += dist[i];
                }
                double pick = rng.nextDouble() * total;
                int chosen = n - 1;
                for (int i = 0; i < n; i++) {
                    pick -= dist[i];
                    if (pick <= 0) {
                        chosen = i;
                        break;
                    }
                }
                c[m] = x[chosen].clone();
            }
            int[] labels = new int[n];
            double inertia = 0;
            for (int it = 0; it < iterations; it++) {
                inertia = 0;
                boolean changed = false;
                for (int i = 0; i < n; i++) {
                    int bl = 0;
                    double bd = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        double dd = sq(x[i], c[j]);
                        if (dd < bd) {
                            bd = dd;
                            bl = j;
                        }
                    }
                    changed |= labels[i] != bl || it == 0;
                    labels[i] = bl;
                    inertia += bd;
                }
                double[][] sum = new double[k][d];
                int[] cnt = new int[k];
                for (int i = 0; i < n; i++) {
                    cnt[labels[i]]++;
                    for (int t = 0; t < d; t++) {
                        sum[labels[i]][t] += x[i][t];
                    }
                }
                for (int j = 0; j < k; j++) {
                    if (cnt[j] > 0) {
                        for (int t = 0; t < d; t++) {
                            c[j][t] = sum[j][t] / cnt[j];
                        }
                    }
                }
                if (!changed) {
                    break;
                }
            }
            if (inertia < bestInertia) {
                bestInertia = inertia;
                best = labels;
            }
        }
        return best;
    }

    private static double sq(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
