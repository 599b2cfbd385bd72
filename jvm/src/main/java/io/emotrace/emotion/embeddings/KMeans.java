package io.emotrace.emotion.embeddings;

import java.util.Random;

/**
 * k-means with k-means++ seeding (Arthur and Vassilvitskii 2007) and Lloyd iterations, best of {@code restarts}
 * runs by inertia. Seeded, so the same data and seed give the same clusters.
 */
public final class KMeans {
    /** Assignment per point, centroids (k x D), within-cluster sum of squares, iterations of the best run. */
    public record Result(int[] labels, double[][] centroids, double inertia, int iterations) {
        public int[] sizes() {
            int[] n = new int[centroids.length];
            for (int l : labels) {
                n[l]++;
            }
            return n;
        }
    }

    private KMeans() {
    }

    public static Result fit(float[][] x, int k, long seed, int restarts, int maxIterations) {
        if (k < 1 || k > x.length) {
            throw new IllegalArgumentException("k must be between 1 and the number of points (" + x.length + "): " + k);
        }
        Random r = new Random(seed);
        Result best = null;
        for (int run = 0; run < Math.max(1, restarts); run++) {
            Result res = lloyd(x, seedPlusPlus(x, k, r), maxIterations);
            if (best == null || res.inertia() < best.inertia()) {
                best = res;
            }
        }
        return best;
    }

    /** k-means++: each next centre is drawn with probability proportional to its squared distance to the nearest. */
    static double[][] seedPlusPlus(float[][] x, int k, Random r) {
        int d = x[0].length;
        double[][] c = new double[k][];
        c[0] = toDouble(x[r.nextInt(x.length)]);
        double[] dist = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            dist[i] = VectorMath.squaredDistance(x[i], c[0]);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : dist) {
                total += v;
            }
            int pick;
            if (total == 0) {
                pick = r.nextInt(x.length);
            } else {
                double u = r.nextDouble() * total;
                pick = 0;
                while (pick < x.length - 1 && (u -= dist[pick]) > 0) {
                    pick++;
                }
            }
            c[j] = toDouble(x[pick]);
            for (int i = 0; i < x.length; i++) {
                dist[i] = Math.min(dist[i], VectorMath.squaredDistance(x[i], c[j]));
            }
        }
        assert c[0].length == d;
        return c;
    }

    private static Result lloyd(float[][] x, double[][] c, int maxIterations) {
        int k = c.length;
        int d = x[0].length;
        int[] labels = new int[x.length];
        java.util.Arrays.fill(labels, -1);
        double inertia = 0;
        int it = 0;
        while (it < maxIterations) {
            it++;
            boolean changed = false;
            inertia = 0;
            for (int i = 0; i < x.length; i++) {
                int bestJ = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dd = VectorMath.squaredDistance(x[i], c[j]);
                    if (dd < bestD) {
                        bestD = dd;
                        bestJ = j;
                    }
                }
                if (labels[i] != bestJ) {
                    labels[i] = bestJ;
                    changed = true;
                }
                inertia += bestD;
            }
            if (!changed) {
                break;
            }
            double[][] sum = new double[k][d];
            int[] n = new int[k];
            for (int i = 0; i < x.length; i++) {
                n[labels[i]]++;
                for (int t = 0; t < d; t++) {
                    sum[labels[i]][t] += x[i][t];
                }
            }
            for (int j = 0; j < k; j++) {
                if (n[j] == 0) {
                    // an emptied cluster restarts at the point farthest from its centre
                    int far = farthest(x, c, labels);
                    c[j] = toDouble(x[far]);
                    continue;
                }
                for (int t = 0; t < d; t++) {
                    c[j][t] = sum[j][t] / n[j];
                }
            }
        }
        return new Result(labels, c, inertia, it);
    }

    private static int farthest(float[][] x, double[][] c, int[] labels) {
        int far = 0;
        double fd = -1;
        for (int i = 0; i < x.length; i++) {
            double dd = VectorMath.squaredDistance(x[i], c[labels[i]]);
            if (dd > fd) {
                fd = dd;
                far = i;
            }
        }
        return far;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
